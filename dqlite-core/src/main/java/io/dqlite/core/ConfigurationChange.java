package io.dqlite.core;

import io.dqlite.core.status.MemberRole;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.server.RaftConfiguration;

/** The voters and standbys of a cluster's current Raft configuration, changed here and then proposed to Ratis. */
final class ConfigurationChange {

    private static final long RETRY_PAUSE_MILLIS = 50;

    private final List<RaftPeer> voters;
    private final List<RaftPeer> standbys;
    private final RaftClient client;
    private final Duration timeout;

    private ConfigurationChange(List<RaftPeer> voters, List<RaftPeer> standbys, RaftClient client, Duration timeout) {
        this.voters = voters;
        this.standbys = standbys;
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Starts a change of {@code conf}, to be proposed through {@code client} (the leader's own) and retried for up
     * to {@code timeout} while Ratis is not ready for it (a leader that has not committed its first entry, another
     * change in progress).
     */
    static ConfigurationChange of(RaftConfiguration conf, RaftClient client, Duration timeout) {
        return new ConfigurationChange(new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)),
                new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER)), client, timeout);
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

    /** Puts {@code peer} in with {@code role}, replacing its current role if it is a member. */
    void put(RaftPeer peer, MemberRole role) {
        if (role == MemberRole.SPARE) {
            throw new IllegalArgumentException("node " + peer.getId() + ": the spare role is not supported (a standby"
                    + " receives the log without voting); remove the node instead");
        }
        remove(peer.getId().toString());
        (role == MemberRole.VOTER ? voters : standbys).add(peer);
    }

    /** Proposes the changed configuration and waits until Ratis has committed it; {@code what} names the change. */
    void apply(String what) throws IOException {
        if (voters.isEmpty()) {
            throw new IllegalArgumentException(what + " would leave the cluster without a voter");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Exception failure;
            try {
                RaftClientReply reply = client.admin().setConfiguration(voters, standbys);
                if (reply.isSuccess()) {
                    return;
                }
                if (reply.getNotLeaderException() != null) {
                    throw new IOException(what + " failed: this node no longer leads", reply.getNotLeaderException());
                }
                failure = reply.getException();
            } catch (RaftRetryFailureException e) {
                failure = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + " failed within " + timeout.toMillis() + " ms: " + failure, failure);
            }
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + what);
            }
        }
    }
}
