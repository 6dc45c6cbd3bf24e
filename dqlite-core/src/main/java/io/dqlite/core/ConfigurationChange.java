package io.dqlite.core;

import io.dqlite.core.status.MemberRole;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftConfiguration;

/** The voters and standbys of a cluster's current Raft configuration, changed here and then proposed to Ratis. */
final class ConfigurationChange {

    private final List<RaftPeer> voters;
    private final List<RaftPeer> standbys;
    private final RaftClient client;

    private ConfigurationChange(List<RaftPeer> voters, List<RaftPeer> standbys, RaftClient client) {
        this.voters = voters;
        this.standbys = standbys;
        this.client = client;
    }

    /** Starts a change of {@code conf}, to be proposed through {@code client} (the leader's own). */
    static ConfigurationChange of(RaftConfiguration conf, RaftClient client) {
        return new ConfigurationChange(new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)),
                new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER)), client);
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
        RaftClientReply reply = client.admin().setConfiguration(voters, standbys);
        if (!reply.isSuccess()) {
            throw new IOException(what + " failed: " + reply.getException());
        }
    }
}
