package io.dqlite.core.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.server.RaftServerConfigKeys.Log.CorruptionPolicy;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;

/**
 * The last Raft configuration a stopped node's own log holds: the one Ratis starts the node with. A node its last
 * configuration leaves out starts outside the cluster, and Ratis gives it no election timer even once a later
 * configuration makes it a voter.
 */
public final class LoggedConfiguration {

    private LoggedConfiguration() {
    }

    /**
     * Returns the last configuration entry in the log of {@code groupDirectory}, reading entries of at most
     * {@code maxEntry}; empty when the log holds none (it was purged behind a snapshot, or there is no log).
     */
    public static Optional<RaftConfigurationProto> last(Path groupDirectory, SizeInBytes maxEntry) throws IOException {
        Path current = groupDirectory.resolve("current");
        if (!Files.isDirectory(current)) {
            return Optional.empty();
        }
        RaftConfigurationProto[] last = new RaftConfigurationProto[1];
        for (RaftLogRepair.Segment segment : RaftLogRepair.segments(current)) {
            LogSegment.readSegmentFile(segment.file().toFile(),
                    LogSegmentPath.matchLogSegment(segment.file()).getStartEnd(), maxEntry,
                    CorruptionPolicy.WARN_AND_RETURN, null, entry -> {
                        if (entry.hasConfigurationEntry()) {
                            last[0] = entry.getConfigurationEntry();
                        }
                    });
        }
        return Optional.ofNullable(last[0]);
    }

    /** Tells whether {@code configuration} lists node {@code nodeId}, as a voter or a standby, old or new. */
    public static boolean lists(RaftConfigurationProto configuration, String nodeId) {
        return Stream.of(configuration.getPeersList(), configuration.getOldPeersList(),
                        configuration.getListenersList(), configuration.getOldListenersList())
                .flatMap(List::stream).map(RaftPeerProto::getId)
                .anyMatch(id -> id.toStringUtf8().equals(nodeId));
    }
}
