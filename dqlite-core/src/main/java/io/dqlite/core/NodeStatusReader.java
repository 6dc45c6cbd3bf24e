package io.dqlite.core;

import io.dqlite.core.entry.SpareList;
import io.dqlite.core.raft.ClusterIdentity;
import io.dqlite.core.raft.DatabaseStateMachine;
import io.dqlite.core.snapshot.SnapshotStore;
import io.dqlite.core.status.DatabaseStatus;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.core.status.SnapshotStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/** Reads a node's status from its Raft division and state machine. */
final class NodeStatusReader {

    private final NodeConfig config;
    private final ClusterIdentity cluster;
    private final DatabaseStateMachine stateMachine;

    NodeStatusReader(NodeConfig config, ClusterIdentity cluster, DatabaseStateMachine stateMachine) {
        this.config = config;
        this.cluster = cluster;
        this.stateMachine = stateMachine;
    }

    /** Returns the status of a running node, or of a stopped one when {@code division} is null. */
    NodeStatus read(NodeRole role, RaftServer.Division division) {
        // applied before committed: both only grow, so a status never shows more applied than committed
        long appliedIndex = stateMachine.appliedIndex();
        String leaderId = null;
        long term = -1;
        long commitIndex = -1;
        List<MemberStatus> members;
        if (division == null) {
            members = config.members().stream()
                    .map(member -> new MemberStatus(member.id(), member.wireAddress(), member.raftAddress(),
                            MemberRole.VOTER, false, -1, -1))
                    .toList();
        } else {
            DivisionInfo info = division.getInfo();
            leaderId = info.getLeaderId() == null ? null : info.getLeaderId().toString();
            term = info.getCurrentTerm();
            commitIndex = division.getRaftLog().getLastCommittedIndex();
            members = members(division, leaderId);
        }
        return new NodeStatus(config.nodeId(), cluster.id().toString(), cluster.name(), role, term, leaderId, commitIndex, appliedIndex,
                members, snapshot(), databases());
    }

    private List<MemberStatus> members(RaftServer.Division division, String leaderId) {
        RaftConfiguration conf = division.getRaftConf();
        Map<String, long[]> progress = followerProgress(division);
        long ownIndex = division.getRaftLog().getLastEntryTermIndex() == null ? -1
                : division.getRaftLog().getLastEntryTermIndex().getIndex();
        boolean leading = config.nodeId().equals(leaderId) && division.getInfo().isLeader();
        if (conf.getLogEntryIndex() < 0 && conf.getCurrentPeers(RaftPeerRole.FOLLOWER).isEmpty()) {
            // a joining node runs as a standby of itself until a leader's log brings it the cluster's configuration;
            // until then it knows only that it was added as a spare
            return List.of(new MemberStatus(config.nodeId(), config.self().wireAddress(), config.self().raftAddress(),
                    MemberRole.SPARE, false, -1, -1));
        }
        Map<String, MemberStatus> members = new LinkedHashMap<>();
        for (RaftPeerRole raftRole : List.of(RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER)) {
            MemberRole role = raftRole == RaftPeerRole.FOLLOWER ? MemberRole.VOTER : MemberRole.STANDBY;
            for (RaftPeer peer : conf.getCurrentPeers(raftRole)) {
                String id = peer.getId().toString();
                long[] followed = progress.get(id);
                long matchIndex = !leading ? -1 : id.equals(config.nodeId()) ? ownIndex : followed == null ? -1 : followed[0];
                long lastContact = !leading ? -1 : id.equals(config.nodeId()) ? 0 : followed == null ? -1 : followed[1];
                members.put(id, new MemberStatus(id, peer.getClientAddress(), peer.getAddress(), role,
                        id.equals(leaderId), matchIndex, lastContact));
            }
        }
        // the spares listed in the log, unless the configuration (which wins) gave them a role since
        for (SpareList.Spare spare : stateMachine.spares().spares()) {
            members.putIfAbsent(spare.id(), new MemberStatus(spare.id(), spare.wireAddress(), spare.raftAddress(),
                    MemberRole.SPARE, false, -1, -1));
        }
        // the Raft configuration and spares, not the members this node was started with: a removed member is gone
        return new ArrayList<>(members.values());
    }

    /** Returns each follower's match index and milliseconds since its last answer, while this node leads. */
    private static Map<String, long[]> followerProgress(RaftServer.Division division) {
        Map<String, long[]> progress = new HashMap<>();
        DivisionInfo info = division.getInfo();
        RoleInfoProto roleInfo = info.getRoleInfoProto();
        long[] matchIndices = info.getFollowerMatchIndices();
        if (matchIndices == null || !roleInfo.hasLeaderInfo()) {
            return progress;
        }
        List<ServerRpcProto> followers = roleInfo.getLeaderInfo().getFollowerInfoList();
        // both lists come from the leader's log appenders in order; a membership change between the reads shows no progress
        if (followers.size() != matchIndices.length) {
            return progress;
        }
        for (int i = 0; i < matchIndices.length; i++) {
            ServerRpcProto follower = followers.get(i);
            progress.put(follower.getId().getId().toStringUtf8(),
                    new long[] {matchIndices[i], follower.getLastRpcElapsedTimeMs()});
        }
        return progress;
    }

    private SnapshotStatus snapshot() {
        SnapshotStore.Snapshot snapshot = stateMachine.latestSnapshot();
        if (snapshot == null) {
            return null;
        }
        long sizeBytes = 0;
        for (Path file : snapshot.databases().values()) {
            sizeBytes += sizeOf(file);
        }
        try {
            return new SnapshotStatus(snapshot.index(), snapshot.term(),
                    Files.getLastModifiedTime(snapshot.directory()).toInstant(), sizeBytes);
        } catch (IOException e) {
            // replaced by a newer snapshot while being read
            return null;
        }
    }

    private List<DatabaseStatus> databases() {
        return stateMachine.databaseNames().stream()
                .map(name -> new DatabaseStatus(name, sizeOf(stateMachine.appliedFile(name))))
                .toList();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
