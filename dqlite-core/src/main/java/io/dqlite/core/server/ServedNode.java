package io.dqlite.core.server;

import io.dqlite.core.raft.ClusterIdentity;
import io.dqlite.core.session.LeaderSession;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.jdbc.LeadershipLostException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * What the wire server serves of its node: who it is and how it sees the cluster, sessions on the databases while it
 * leads, backups, and the membership changes a leader makes.
 */
public interface ServedNode {

    /** Returns the node's id. */
    String id();

    /** Returns the cluster the node belongs to. */
    ClusterIdentity cluster();

    /** Tells whether the node leads. */
    boolean isLeader();

    /** Returns the node's Raft role, read once (its leadership and its role can change between two reads). */
    io.dqlite.core.NodeRole role();

    /** Returns the id of the leader the node knows, if any. */
    Optional<String> leaderId();

    /** Returns the node's view of itself and its cluster. */
    NodeStatus status();

    /** Opens a session on {@code database} of this leader. */
    LeaderSession openSession(String database) throws SQLException;

    /** Copies {@code database} as one SQLite file to {@code destination}; returns its size, or -1 if there is none. */
    long backup(String database, Path destination) throws IOException;

    /** Adds node {@code id}, whose clients reach it at {@code wireAddress}, as a spare; its Raft port the default. */
    void addSpare(String id, String wireAddress) throws IOException, LeadershipLostException;

    /** Makes member {@code memberId} a voter, a standby or a spare. */
    void assign(String memberId, MemberRole role) throws IOException, LeadershipLostException;

    /** Removes member {@code memberId} from the cluster. */
    void removeMember(String memberId) throws IOException, LeadershipLostException;

    /** Returns the node's failure domain, which DESCRIBE reports. */
    long failureDomain();

    /** Returns the node's weight, as dqlite's WEIGHT set it (0 until then); DESCRIBE reports it. */
    long weight();

    /** Sets the node's weight (dqlite's WEIGHT), kept while the node runs. */
    void setWeight(long weight);

    /** Hands leadership to member {@code memberId} within {@code timeout}. */
    void transferLeadership(String memberId, Duration timeout) throws IOException;
}
