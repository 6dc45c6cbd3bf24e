package io.dqlite.core;

import io.dqlite.core.status.MemberRole;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.server.RaftConfiguration;

/**
 * One change of a cluster's Raft configuration (its voters and standbys), applied to the configuration current at
 * each attempt and proposed to Ratis, retried while Ratis is not ready for it: a leader that has not committed its
 * first entry, or another change being committed (two nodes joining at once).
 */
final class ConfigurationChange {

    /** What the change does to the voters and standbys, throwing {@link IllegalArgumentException} if it cannot. */
    @FunctionalInterface
    interface Edit {
        void apply(ConfigurationChange members);
    }

    private static final long RETRY_PAUSE_MILLIS = 50;

    private final List<RaftPeer> voters;
    private final List<RaftPeer> standbys;

    private ConfigurationChange(RaftConfiguration conf) {
        this.voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
        this.standbys = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    }

    /**
     * Applies {@code edit} to the configuration {@code current} returns and proposes the result through
     * {@code client} (the leader's own), again on a fresh configuration while Ratis is not ready, for up to
     * {@code timeout}; {@code what} names the change in errors.
     */
    static void apply(Supplier<RaftConfiguration> current, RaftClient client, Duration timeout, String what, Edit edit)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConfigurationChange change = new ConfigurationChange(current.get());
            edit.apply(change);
            if (change.voters.isEmpty()) {
                throw new IllegalArgumentException(what + " would leave the cluster without a voter");
            }
            Exception failure;
            try {
                RaftClientReply reply = client.admin().setConfiguration(change.voters, change.standbys);
                if (reply.isSuccess()) {
                    return;
                }
                if (reply.getNotLeaderException() != null) {
                    throw new IOException(what + " failed: this node no longer leads", reply.getNotLeaderException());
                }
                failure = reply.getException();
            } catch (RaftRetryFailureException | ReconfigurationInProgressException | LeaderNotReadyException e) {
                failure = e;
            } catch (ReconfigurationTimeoutException e) {
                throw new IOException(what + " failed: " + e.getMessage() + " (a member Ratis waited for did not"
                        + " answer; a standby that no longer answers keeps Ratis from adding members: remove it first)",
                        e);
            }
            if (System.nanoTime() > deadline) {
                // Ratis never counts a standby it added as caught up: one that stopped answering stalls every change
                // that adds a member, until it is removed or another node leads
                String hint = failure instanceof ReconfigurationInProgressException
                        ? " (a standby that no longer answers keeps Ratis from adding members: remove it first)" : "";
                throw new IOException(what + " failed within " + timeout.toMillis() + " ms: " + failure + hint,
                        failure);
            }
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + what);
            }
        }
    }

    /** Returns the peer of member {@code memberId}, or null when it is not a member. */
    RaftPeer find(String memberId) {
        return Stream.concat(voters.stream(), standbys.stream())
                .filter(peer -> peer.getId().toString().equals(memberId)).findFirst().orElse(null);
    }

    /** Takes member {@code memberId} out. */
    void remove(String memberId) {
        voters.removeIf(peer -> peer.getId().toString().equals(memberId));
        standbys.removeIf(peer -> peer.getId().toString().equals(memberId));
    }

    /** Puts {@code peer} in as a voter or a standby, replacing its current role if it is a member. */
    void put(RaftPeer peer, MemberRole role) {
        if (role == MemberRole.SPARE) {
            throw new IllegalArgumentException("node " + peer.getId() + ": a spare is not in the configuration");
        }
        remove(peer.getId().toString());
        (role == MemberRole.VOTER ? voters : standbys).add(peer);
    }
}
