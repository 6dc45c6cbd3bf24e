package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys.Log.CorruptionPolicy;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose Raft log ends in a torn entry (a crash mid-write) or misses an entry in the middle
 * drops the damaged tail and catches up from the leader instead of refusing to start.
 */
class DamagedLogTailTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFollowerWhoseLogEndsInAPartialEntryStartsAndCatchesUpFromTheLeader() throws Exception {
        damageAFollowersLogAndRestartIt(DamagedLogTailTest::tearTail);
    }

    @Test
    void aFollowerWhoseLogMissesAnEntryInTheMiddleStartsAndCatchesUpFromTheLeader() throws Exception {
        damageAFollowersLogAndRestartIt(DamagedLogTailTest::removeMiddleEntry);
    }

    /** Damages a segment file; returns nothing of interest or the index of what it removed. */
    @FunctionalInterface
    private interface Damage {
        Object apply(Path segment) throws IOException;
    }

    /**
     * Writes, stops a follower, damages its newest log segment, writes while it is down, restarts it
     * and checks that it catches up to the leader's exact file.
     */
    private void damageAFollowersLogAndRestartIt(Damage damage) throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("notes");
            Sql.update(db, "CREATE TABLE notes(body TEXT)");
            for (int i = 0; i < 20; i++) {
                Sql.update(db, "INSERT INTO notes VALUES(?)", "before " + i);
            }
            Node follower = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow();
            ClusterFaultsTest.awaitAllApplied(cluster, leader.appliedIndex());
            String id = follower.id();
            cluster.stop(id);
            Object damaged = damage.apply(newestSegment(dir.resolve("node-" + id).resolve("raft")));

            for (int i = 0; i < 5; i++) {
                Sql.update(db, "INSERT INTO notes VALUES(?)", "while down " + i);
            }
            Node restarted = cluster.start(id);
            // a follower that lost entries the leader saw it acknowledge gets them again only when it
            // refuses entries, not a heartbeat: a write makes sure there are entries to send even if
            // it had lost the leader's last ones
            Sql.update(db, "INSERT INTO notes VALUES('after the restart')");

            TestCluster.await("the restarted follower catches up", TIMEOUT,
                    () -> restarted.appliedIndex() >= leader.appliedIndex());
            assertThat(restarted.applyFailure()).isEmpty();
            assertThat(Files.readAllBytes(restarted.appliedFile("notes"))).as("after the damage (%s)", damaged)
                    .isEqualTo(Files.readAllBytes(leader.appliedFile("notes")));
        }
    }

    /** Rewrites {@code segment} without the entry in its middle, as Ratis once wrote a log; returns its index. */
    private static Object removeMiddleEntry(Path segment) throws IOException {
        List<LogEntryProto> entries = new ArrayList<>();
        LogSegment.readSegmentFile(segment.toFile(), LogSegmentPath.matchLogSegment(segment).getStartEnd(),
                SizeInBytes.valueOf(64 << 20), CorruptionPolicy.EXCEPTION, null, entries::add);
        assertThat(entries).as("entries in %s", segment).hasSizeGreaterThanOrEqualTo(3);
        LogEntryProto middle = entries.remove(entries.size() / 2);
        Path gapped = segment.resolveSibling("gapped");
        try (SegmentedRaftLogOutputStream out = new SegmentedRaftLogOutputStream(gapped.toFile(), false,
                Long.MAX_VALUE, 0, ByteBuffer.allocateDirect(1 << 16))) {
            for (LogEntryProto entry : entries) {
                out.write(entry);
            }
        }
        Files.move(gapped, segment, StandardCopyOption.REPLACE_EXISTING);
        return "entry " + middle.getIndex() + " removed";
    }

    /**
     * Appends half an entry's worth of garbage to {@code segment}, as a crash in the middle of
     * writing an entry that was never acknowledged leaves it; acknowledged entries stay whole.
     */
    private static Object tearTail(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            byte[] garbage = new byte[37];
            new Random(9).nextBytes(garbage);
            channel.write(ByteBuffer.wrap(garbage), channel.size());
        }
        return "a torn entry appended";
    }

    private static Path newestSegment(Path raftDirectory) throws IOException {
        try (Stream<Path> files = Files.walk(raftDirectory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("log_"))
                    .max(Comparator.comparingLong(DamagedLogTailTest::modified))
                    .orElseThrow(() -> new AssertionError("no log segment under " + raftDirectory));
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
