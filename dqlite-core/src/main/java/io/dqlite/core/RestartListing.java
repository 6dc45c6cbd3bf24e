package io.dqlite.core;

import io.dqlite.core.server.WireIds;
import io.dqlite.jdbc.client.ClusterAdmin;
import io.dqlite.jdbc.protocol.NodeInfo;
import io.dqlite.jdbc.protocol.NodeRole;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the leader of a restarting node's cluster lists the node as, asked before the node's Raft server starts. A
 * member made a spare, or removed, while it was down still finds itself a voter in its own log; standing for election
 * it would be told by Ratis' leader to shut its Raft server down for good. And Ratis gives a server that starts outside
 * its configuration no election timer, even once it is made a voter again; so a spare whose own log leaves it out
 * starts afresh, as a joining node does.
 *
 * @param answered whether a leader answered (briefly: with no leader, nobody can tell the node to shut down)
 * @param role the role the leader lists the node in, or empty when it does not list the node
 */
record RestartListing(boolean answered, Optional<NodeRole> role) {

    /** No leader answered: the node runs as its own log says. */
    static final RestartListing UNANSWERED = new RestartListing(false, Optional.empty());

    /** Asks the members at {@code peerAddresses} for the leader's list, waiting for a leader for half an election. */
    static RestartListing ask(NodeConfig config, List<String> peerAddresses) {
        if (peerAddresses.isEmpty()) {
            return UNANSWERED;
        }
        long wireId = WireIds.of(config.nodeId());
        try {
            List<NodeInfo> members = new ClusterAdmin(peerAddresses, config.clientSettings()
                    .withLeaderTimeout(config.timing().electionTimeoutMin().dividedBy(2))).members();
            return new RestartListing(true, members.stream().filter(member -> member.id() == wireId)
                    .map(NodeInfo::role).findFirst());
        } catch (SQLException | IOException noLeaderNow) {
            return UNANSWERED;
        }
    }

    /** Whether the node may stand for election as its log says: a voter, or nobody said otherwise. */
    boolean standsForElection() {
        return !answered || role.equals(Optional.of(NodeRole.VOTER));
    }

    /** Whether the leader lists the node as a spare. */
    boolean spare() {
        return role.equals(Optional.of(NodeRole.SPARE));
    }

    /** Says what the leader lists the node as. */
    String describe() {
        return role.map(listed -> "its cluster's leader lists it as a " + listed.name().toLowerCase(Locale.ROOT))
                .orElse("its cluster's leader does not list it as a member");
    }
}
