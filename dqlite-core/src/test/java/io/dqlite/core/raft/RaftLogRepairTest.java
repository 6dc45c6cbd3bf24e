package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.MetadataProto;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repair Ratis' log gets before a node loads it: an unbroken log is left alone, and from the first break on (a
 * segment that does not start where the one before it ended, or a segment whose entries end before its name says)
 * everything is dropped, for the node to catch up from the leader.
 */
class RaftLogRepairTest {

    private final RaftLogRepair repair = new RaftLogRepair(SizeInBytes.valueOf(1 << 20));

    @TempDir
    Path current;

    @Test
    void anUnbrokenLogIsLeftAlone() throws IOException {
        segment("log_0-4", 0, 4);
        segment("log_5-9", 5, 9);
        segment("log_inprogress_10", 10, 12);

        assertThat(repair.repair(current)).isZero();

        assertThat(files()).containsExactly("log_0-4", "log_5-9", "log_inprogress_10");
    }

    @Test
    void aMissingSegmentDropsEverySegmentAfterIt() throws IOException {
        segment("log_0-4", 0, 4);
        segment("log_10-14", 10, 14);
        segment("log_inprogress_15", 15, 16);

        assertThat(repair.repair(current)).as("files dropped").isEqualTo(2);

        assertThat(files()).containsExactly("log_0-4");
    }

    @Test
    void aSegmentEndingBeforeItsNameSaysIsCutThereAndTheRestDropped() throws IOException {
        segment("log_0-4", 0, 3);
        segment("log_5-9", 5, 9);

        assertThat(repair.repair(current)).as("files cut or dropped").isEqualTo(2);

        assertThat(files()).containsExactly("log_0-3");
        assertThat(repair.repair(current)).as("a second repair finds nothing").isZero();
    }

    /** Writes segment {@code name} holding entries {@code first} to {@code last} of term 1. */
    private void segment(String name, long first, long last) throws IOException {
        try (SegmentedRaftLogOutputStream out = new SegmentedRaftLogOutputStream(current.resolve(name).toFile(), false,
                Long.MAX_VALUE, 0, ByteBuffer.allocateDirect(1 << 16))) {
            for (long index = first; index <= last; index++) {
                out.write(LogEntryProto.newBuilder().setTerm(1).setIndex(index)
                        .setMetadataEntry(MetadataProto.newBuilder().setCommitIndex(index)).build());
            }
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(current)) {
            return files.map(file -> file.getFileName().toString())
                    .sorted(Comparator.comparingLong(RaftLogRepairTest::start)).toList();
        }
    }

    private static long start(String name) {
        String digits = name.replaceAll("^log_(inprogress_)?(\\d+).*$", "$2");
        return Long.parseLong(digits);
    }
}
