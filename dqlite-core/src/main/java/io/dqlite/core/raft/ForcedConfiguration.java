package io.dqlite.core.raft;

import io.dqlite.core.Member;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.server.RaftServerConfigKeys.Log.CorruptionPolicy;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends to a stopped node's Raft log a configuration in which the node is the only voter: the way back after a
 * majority of the cluster is lost for good. Started again, the node elects itself and commits every entry of its
 * log, so the writes it had keep; new nodes then join it.
 */
public final class ForcedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ForcedConfiguration.class);

    private final SizeInBytes maxEntry;

    /** A rewrite that reads entries of at most {@code maxEntry}, the limit Ratis reads its log with. */
    public ForcedConfiguration(SizeInBytes maxEntry) {
        this.maxEntry = maxEntry;
    }

    /**
     * Makes {@code self} the only voter of the cluster whose log is in {@code groupDirectory}; returns the index of
     * the configuration entry written. The node must be stopped.
     */
    public long forceSingleVoter(Path groupDirectory, Member self) throws IOException {
        Path current = groupDirectory.resolve("current");
        if (!Files.isDirectory(current)) {
            throw new IOException("no Raft log in " + current + ": the data directory is not that of a node that was a"
                    + " member of a cluster");
        }
        new RaftLogRepair(maxEntry).repair(current);
        List<RaftLogRepair.Segment> segments = RaftLogRepair.segments(current);
        LogEntryProto last = null;
        for (RaftLogRepair.Segment segment : segments) {
            LogEntryProto segmentLast = lastEntry(segment.file());
            if (segmentLast != null) {
                last = segmentLast;
            }
            if (segment.open()) {
                closeOrDelete(segment, segmentLast);
            }
        }
        if (last == null) {
            throw new IOException("the Raft log in " + current + " holds no entry to build on; start the node as it is");
        }
        long index = last.getIndex() + 1;
        LogEntryProto configuration = LogEntryProto.newBuilder()
                .setTerm(last.getTerm())
                .setIndex(index)
                .setConfigurationEntry(RaftConfigurationProto.newBuilder()
                        .addPeers(RaftWiring.peer(self).getRaftPeerProto()))
                .build();
        Path segment = current.resolve("log_inprogress_" + index);
        try (SegmentedRaftLogOutputStream out = new SegmentedRaftLogOutputStream(segment.toFile(), false,
                Long.MAX_VALUE, 0, ByteBuffer.allocateDirect(1 << 16))) {
            out.write(configuration);
            out.flush();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        log.warn("Forced the Raft configuration of {} to node {} alone at index {} (term {}): start it, then add new"
                + " members", groupDirectory, self.id(), index, last.getTerm());
        return index;
    }

    private LogEntryProto lastEntry(Path file) throws IOException {
        LogEntryProto[] last = new LogEntryProto[1];
        LogSegment.readSegmentFile(file.toFile(), LogSegmentPath.matchLogSegment(file).getStartEnd(), maxEntry,
                CorruptionPolicy.EXCEPTION, null, entry -> last[0] = entry);
        return last[0];
    }

    // Ratis keeps one open segment, the last one: the forced configuration goes into a new one after it
    private static void closeOrDelete(RaftLogRepair.Segment segment, LogEntryProto last) throws IOException {
        if (last == null) {
            Files.delete(segment.file());
        } else {
            Files.move(segment.file(), segment.file().resolveSibling("log_" + segment.start() + "-" + last.getIndex()));
        }
    }
}
