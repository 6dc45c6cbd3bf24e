package io.dqlite.spring.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dqlite.core.status.DatabaseStatus;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.core.status.SnapshotStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/dqlite} returns: this node, its view of the cluster, its snapshot and databases; every
 * field is present, null when unknown, so that monitoring can rely on the shape.
 *
 * @param nodeId this node's id
 * @param clusterId the id of the cluster this node belongs to (its Raft group)
 * @param clusterName the name of that cluster, or null if it was created without one
 * @param role this node's Raft role: leader, follower, candidate or stopped
 * @param term the current Raft term
 * @param leader the leader this node knows of, or null
 * @param members every member of the cluster
 * @param commitIndex the highest log index this node knows to be committed
 * @param appliedIndex the highest log index applied to this node's databases
 * @param snapshot the latest snapshot, or null
 * @param databases the databases applied on this node
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DqliteDescriptor(String nodeId, String clusterId, String clusterName, String role, long term, LeaderDescriptor leader,
        List<MemberDescriptor> members, long commitIndex, long appliedIndex, SnapshotDescriptor snapshot,
        List<DatabaseDescriptor> databases) implements OperationResponseBody {

    /** Describes {@code status}. */
    public static DqliteDescriptor of(NodeStatus status) {
        LeaderDescriptor leader = status.leader().map(member -> new LeaderDescriptor(member.id(), member.address()))
                .orElse(null);
        return new DqliteDescriptor(status.nodeId(), status.clusterId(), status.clusterName(),
                lowerCase(status.role()), status.term(), leader,
                status.members().stream().map(member -> MemberDescriptor.of(member, status.commitIndex())).toList(),
                status.commitIndex(),
                status.appliedIndex(), SnapshotDescriptor.of(status.snapshot()),
                status.databases().stream().map(DatabaseDescriptor::of).toList());
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The leader.
     *
     * @param id the leader's node id
     * @param address the leader's wire address
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LeaderDescriptor(String id, String address) {
    }

    /**
     * One member of the cluster.
     *
     * @param id the member's node id
     * @param address the member's wire address
     * @param raftAddress the member's Raft address
     * @param role voter, standby or spare
     * @param leader whether the member leads
     * @param matchIndex the highest log index replicated on the member, known only on the leader, else null
     * @param lag how many committed entries the member lacks, known only on the leader, else null
     * @param lastContactMillis milliseconds since the member last answered the leader (0 for the leader itself),
     *        known only on the leader, else null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MemberDescriptor(String id, String address, String raftAddress, String role, boolean leader,
            Long matchIndex, Long lag, Long lastContactMillis) {

        static MemberDescriptor of(MemberStatus member, long commitIndex) {
            Long matchIndex = member.matchIndex() < 0 ? null : member.matchIndex();
            return new MemberDescriptor(member.id(), member.address(), member.raftAddress(), lowerCase(member.role()),
                    member.leader(), matchIndex, matchIndex == null ? null : Math.max(0, commitIndex - matchIndex),
                    member.lastContactMillis() < 0 ? null : member.lastContactMillis());
        }
    }

    /**
     * The latest snapshot.
     *
     * @param index the last log index it contains
     * @param term the term of that entry
     * @param takenAt when it was written
     * @param sizeBytes the total size of its database files
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SnapshotDescriptor(long index, long term, Instant takenAt, long sizeBytes) {

        static SnapshotDescriptor of(SnapshotStatus snapshot) {
            return snapshot == null ? null
                    : new SnapshotDescriptor(snapshot.index(), snapshot.term(), snapshot.takenAt(), snapshot.sizeBytes());
        }
    }

    /**
     * One database.
     *
     * @param name the database's name
     * @param sizeBytes the size of its applied file on this node
     */
    public record DatabaseDescriptor(String name, long sizeBytes) {

        static DatabaseDescriptor of(DatabaseStatus database) {
            return new DatabaseDescriptor(database.name(), database.sizeBytes());
        }
    }
}
