package io.dqlite.core.raft;

import io.dqlite.core.Member;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.RaftTiming;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates a node's configuration into Ratis' group, peers and properties. */
public final class RaftWiring {

    private RaftWiring() {
    }

    /**
     * Returns how many bytes of entries a node keeps in flight to Ratis: 16 MiB, or two entries if
     * more, a quarter of the pending-write limit {@link #properties} sets, which Ratis enforces by
     * refusing writes.
     */
    public static int writeWindowBytes(NodeConfig config) {
        return Math.max(16 << 20, 2 * config.replication().maxEntryBytes());
    }

    /** Returns the directory under {@code dataDirectory} where Ratis keeps the cluster's log, once it has one. */
    public static Path groupDirectory(Path dataDirectory, ClusterIdentity cluster) {
        return dataDirectory.resolve("raft").resolve(cluster.id().toString());
    }

    /** Returns the Raft group of the configured members; each peer carries its wire address as client address. */
    public static RaftGroup group(ClusterIdentity cluster, List<Member> members) {
        return RaftGroup.valueOf(cluster.groupId(), members.stream().map(RaftWiring::peer).toList());
    }

    /**
     * Returns the group a joining node starts in: itself alone, as a standby (a Ratis listener). It never campaigns,
     * and Ratis makes it a follower, with an election timer, when the leader's log makes it a voter; a node started
     * in no configuration at all would not get that timer until restarted.
     */
    public static RaftGroup joiningGroup(ClusterIdentity cluster, Member self) {
        return RaftGroup.valueOf(cluster.groupId(), RaftPeer.newBuilder(peer(self)).setStartupRole(RaftPeerRole.LISTENER).build());
    }

    /**
     * Returns the group as Ratis clients must see it: the client address of a peer is where a Ratis
     * client connects, so these peers carry only the Raft address, which serves clients too.
     */
    public static RaftGroup clientGroup(ClusterIdentity cluster, List<Member> members) {
        return RaftGroup.valueOf(cluster.groupId(), members.stream()
                .map(member -> RaftPeer.newBuilder()
                        .setId(RaftPeerId.valueOf(member.id()))
                        .setAddress(member.raftAddress())
                        .build())
                .toList());
    }

    /** Returns the Raft peer of {@code member}. */
    public static RaftPeer peer(Member member) {
        return RaftPeer.newBuilder()
                .setId(RaftPeerId.valueOf(member.id()))
                .setAddress(member.raftAddress())
                .setClientAddress(member.wireAddress())
                .build();
    }

    /**
     * Returns the parameters Ratis' server and clients of this node need besides their properties: mutual TLS on the
     * Raft port (server, admin and client channels) when the node has TLS, which only its gRPC transport carries.
     */
    public static Parameters parameters(NodeConfig config) {
        Parameters parameters = new Parameters();
        if (config.tls() != null) {
            GrpcTlsConfig tls = config.tls().raft();
            GrpcConfigKeys.Server.setTlsConf(parameters, tls);
            GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
            GrpcConfigKeys.Client.setTlsConf(parameters, tls);
        }
        return parameters;
    }

    /** Returns Ratis' properties for this node. */
    public static RaftProperties properties(NodeConfig config) {
        RaftTiming timing = config.timing();
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(config.dataDirectory().resolve("raft").toFile()));
        String raftAddress = config.raftListenAddress();
        int colon = raftAddress.lastIndexOf(':');
        String host = raftAddress.substring(0, colon);
        int port = Integer.parseInt(raftAddress.substring(colon + 1));
        if (config.transport() == RaftTransport.NETTY) {
            RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.NETTY);
            NettyConfigKeys.Server.setHost(properties, host);
            NettyConfigKeys.Server.setPort(properties, port);
        } else {
            RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
            GrpcConfigKeys.Server.setHost(properties, host);
            GrpcConfigKeys.Server.setPort(properties, port);
        }
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(timing.electionTimeoutMin().toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(timing.electionTimeoutMax().toMillis()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, millis(Math.max(3000, timing.electionTimeoutMax().toMillis() * 2)));
        // Ratis warns of JVM pauses, and of a follower's election timer that overslept, over 300 ms, which
        // three JVMs starting on 2 cores exceed with young GCs of 0.32-0.36 s; a pause shorter than the
        // election timeout cannot cost leadership, so only longer ones are reported
        RaftServerConfigKeys.setSleepDeviationThreshold(properties, millis(timing.electionTimeoutMin().toMillis()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, timing.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        RaftServerConfigKeys.Snapshot.setCreationGap(properties, 1);
        // a stop takes no snapshot: a restart replays the log after the last one, as after a crash
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(properties, timing.snapshotTrailingEntries());
        RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.max(1, Math.min(1024, timing.snapshotThreshold() / 4)));
        SizeInBytes entryLimit = SizeInBytes.valueOf(Math.max(4 << 20, 2L * config.replication().maxEntryBytes()));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, entryLimit);
        RaftServerConfigKeys.Write.setByteLimit(properties, SizeInBytes.valueOf(4L * writeWindowBytes(config)));
        // entries stay in Ratis' memory while their segment is cached: small segments and a short
        // cache keep a transaction larger than the heap streaming (the defaults cache up to 200 MB)
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(8 << 20));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(properties, 2);
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(properties, SizeInBytes.valueOf(32 << 20));
        // a log that ends in a torn or garbled entry (a crash mid-write) is cut before it, with a
        // warning, and the node catches up from the leader instead of refusing to start
        RaftServerConfigKeys.Log.setCorruptionPolicy(properties,
                RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN);
        RaftServerConfigKeys.Log.setQueueByteLimit(properties, SizeInBytes.valueOf(2L * writeWindowBytes(config)));
        // Ratis' default appends a metadata entry (the new commit index) after every commit: a second
        // append, fsync and appendEntries round per commit on every node, which the next commit queues
        // behind. It only lets a restarted node apply its log before it hears from a leader; Raft
        // needs none of it. Off, 16 writers made 3,777-3,963 commits/s against 2,937-2,951 with it,
        // and one writer's p50 fell from 1.27-1.30 ms to 1.12-1.16 ms (BENCHMARKS.md)
        RaftServerConfigKeys.Log.setLogMetadataEnabled(properties, false);
        // Ratis' default 1 ms: at 0 the two appender threads busy-poll (22% of CPU samples) and the
        // followers' appends wait for a core; measured 1 writer 142/s p50 3.9 ms at 0 against
        // 212-220/s p50 3.5 ms at 1 ms (ConcurrentWritersTest, same session)
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, TimeDuration.ONE_MILLISECOND);
        // composing follower appends with thenComposeAsync on the common pool starts a thread per
        // append on 2 cores; without it 1 writer went from 157/s p50 5.3 ms to 212-220/s p50 3.5 ms
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(properties, false);
        // after each failed append the leader sleeps before its next request to that follower (Ratis'
        // default grows to 5 s); a sleep longer than the heartbeat interval makes every request a
        // heartbeat, so a follower that lost entries it had acknowledged (a log cut at a gap by
        // RaftLogRepair) is never sent them: keep the sleep at an eighth of the election timeout
        long errorSleepMillis = Math.max(1, timing.electionTimeoutMin().toMillis() / 8);
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(properties, "1ms,10," + errorSleepMillis + "ms,1000000");
        // the Netty transport's appender retries a failed append after this sleep (Ratis' default 25 ms), each
        // time connecting anew to a peer that is down: the same eighth of the election timeout
        RaftServerConfigKeys.Rpc.setSleepTime(properties, millis(errorSleepMillis));
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(entryLimit.getSize() + (1 << 20)));
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(properties, true);
        return properties;
    }

    private static TimeDuration millis(long millis) {
        return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
    }
}
