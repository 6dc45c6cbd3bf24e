package io.dqlite.core.status;

import io.dqlite.core.NodeRole;
import java.util.List;
import java.util.Optional;

/**
 * What a node knows about itself and its cluster at one moment.
 *
 * @param nodeId this node's id
 * @param clusterId the id of the cluster this node belongs to
 * @param clusterName the name of that cluster, or null if it has none
 * @param role this node's Raft role
 * @param term the current Raft term, or -1 when stopped
 * @param leaderId the id of the leader this node knows of, or null
 * @param commitIndex the highest log index this node knows to be committed
 * @param appliedIndex the highest log index applied to this node's databases
 * @param members every member of the current configuration
 * @param snapshot the latest snapshot, or null if none was taken
 * @param databases the databases applied on this node
 */
public record NodeStatus(String nodeId, String clusterId, String clusterName, NodeRole role, long term, String leaderId, long commitIndex,
        long appliedIndex, List<MemberStatus> members, SnapshotStatus snapshot, List<DatabaseStatus> databases) {

    public NodeStatus {
        members = List.copyOf(members);
        databases = List.copyOf(databases);
    }

    /** Returns the leader among the members, if this node knows one. */
    public Optional<MemberStatus> leader() {
        return members.stream().filter(MemberStatus::leader).findFirst();
    }
}
