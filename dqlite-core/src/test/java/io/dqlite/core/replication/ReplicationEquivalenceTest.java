package io.dqlite.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.entry.TransactionAbort;
import io.dqlite.core.entry.TransactionPart;
import io.dqlite.core.wal.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random SQL on a leader, every commit captured, encoded, decoded and applied to a follower file:
 * after every step the follower passes {@code integrity_check} and holds the leader's content,
 * and after every complete TRUNCATE checkpoint the two files are byte-identical. Pages changed
 * again travel as deltas, so the follower's file is their base throughout.
 *
 * <p>The soak runs more: {@code -Ddqlite.equivalence.commits=20000 -Ddqlite.equivalence.seeds=1,2,3}.
 */
class ReplicationEquivalenceTest {

    private static final Logger log = LoggerFactory.getLogger(ReplicationEquivalenceTest.class);
    private static final String DATABASE = "main";

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        String seeds = System.getProperty("dqlite.equivalence.seeds");
        int commits = Integer.getInteger("dqlite.equivalence.commits", 0);
        if (seeds == null) {
            return Stream.of(
                    Arguments.of(1L, 4096, "NONE", commits > 0 ? commits : 2000),
                    Arguments.of(2L, 1024, "FULL", commits > 0 ? commits : 1000));
        }
        return Arrays.stream(seeds.split(",")).map(String::trim).map(Long::parseLong)
                .flatMap(seed -> Stream.of(
                        Arguments.of(seed, 4096, "NONE", commits > 0 ? commits : 2000),
                        Arguments.of(seed, 1024, "FULL", commits > 0 ? commits : 2000)));
    }

    @ParameterizedTest(name = "seed {0}, page size {1}, auto_vacuum {2}, {3} commits")
    @MethodSource("runs")
    void followerMatchesLeaderAfterEveryCommit(long seed, int pageSize, String autoVacuum, int targetCommits)
            throws Exception {
        Random random = new Random(seed);
        Path leaderFile = dir.resolve("leader.db");
        Path followerFile = dir.resolve("follower.db");
        ReplicationSettings settings = ReplicationSettings.defaults()
                .withPageSize(pageSize)
                .withMaxEntryBytes(128 * 1024)
                .withCheckpointThresholdFrames(300);
        Stats stats = new Stats();
        try (ReplicationSource leader = ReplicationSource.open(DATABASE, leaderFile, settings);
                FileChannel leaderBytes = FileChannel.open(leaderFile, StandardOpenOption.READ);
                ReplicationTarget follower = new ReplicationTarget(DATABASE, followerFile);
                Connection reader = DriverManager.getConnection("jdbc:sqlite:" + leaderFile)) {
            Connection writer = leader.connection();
            execute(writer, "PRAGMA foreign_keys=ON");
            execute(writer, "PRAGMA cache_size=16");
            execute(writer, "PRAGMA auto_vacuum=" + autoVacuum);
            execute(reader, "PRAGMA wal_autocheckpoint=0");
            RandomWorkload workload = new RandomWorkload(random, writer, pageSize * 1000);
            workload.createBaseSchema();
            replicate(leader, follower, stats);
            verify(writer, followerFile, stats);
            int readerHeldFor = 0;
            while (stats.commits < targetCommits) {
                RandomWorkload.Step step = workload.step();
                List<DatabaseEntry> entries = replicate(leader, follower, stats);
                if (step == RandomWorkload.Step.ROLLBACK || step == RandomWorkload.Step.FAILING_AUTOCOMMIT) {
                    assertThat(entries).as("entries of a %s step: %s", step, workload.lastStatement()).isEmpty();
                }
                if (random.nextInt(50) == 0) {
                    abortedSplitTransaction(follower, pageSize, random, stats);
                }
                readerHeldFor = toggleReader(reader, random, readerHeldFor);
                checkpoint(leader, leaderBytes, followerFile, random, stats);
                verify(writer, followerFile, stats);
            }
            if (readerHeldFor > 0) {
                execute(reader, "COMMIT");
            }
            CheckpointResult last = leader.checkpoint(CheckpointMode.TRUNCATE);
            assertThat(last.complete()).as("final TRUNCATE checkpoint %s", last).isTrue();
            assertThat(replicate(leader, follower, stats)).isEmpty();
            assertByteIdentical(leaderBytes, followerFile);
            log.info("seed {} page size {}: {} steps {}, {} commits in {} entries ({} split, largest {} parts),"
                            + " {} failed statements, {} aborted splits, {} checkpoints ({} TRUNCATE byte-compared),"
                            + " {} pages sent whole and {} as deltas",
                    seed, pageSize, workload.stepCounts().values().stream().mapToInt(Integer::intValue).sum(),
                    workload.stepCounts(), stats.commits, stats.entries, stats.splitCommits, stats.maxParts,
                    workload.failedStatements(), stats.abortedSplits, stats.checkpoints, stats.byteComparisons,
                    stats.wholePages, stats.deltaPages);
            assertThat(workload.stepCounts()).containsKeys(RandomWorkload.Step.values());
            assertThat(workload.failedStatements()).isPositive();
            assertThat(stats.splitCommits).isPositive();
            assertThat(stats.byteComparisons).isPositive();
            assertThat(stats.deltaPages).as("pages sent as deltas").isPositive();
        }
    }

    /** Ships every captured entry through the codec to the follower, as the log would. */
    private static List<DatabaseEntry> replicate(ReplicationSource leader, ReplicationTarget follower, Stats stats)
            throws IOException {
        List<DatabaseEntry> entries = leader.capture();
        int parts = 0;
        for (DatabaseEntry entry : entries) {
            if (entry instanceof TransactionPart part) {
                stats.wholePages += part.frames().size();
                stats.deltaPages += part.deltas().size();
            }
            byte[] encoded = EntryCodec.encode(entry);
            parts++;
            if (follower.apply((DatabaseEntry) EntryCodec.decode(encoded)).isPresent()) {
                stats.commits++;
                stats.maxParts = Math.max(stats.maxParts, parts);
                if (parts > 1) {
                    stats.splitCommits++;
                }
                parts = 0;
            }
        }
        stats.entries += entries.size();
        assertThat(follower.hasPendingTransaction()).isFalse();
        return entries;
    }

    /** Sends the first parts of a transaction whose pages would wreck the file, then its abort. */
    private static void abortedSplitTransaction(ReplicationTarget follower, int pageSize, Random random, Stats stats)
            throws IOException {
        long id = random.nextLong() & Long.MAX_VALUE;
        byte[] garbage = new byte[pageSize];
        random.nextBytes(garbage);
        for (int index = 0; index < 3; index++) {
            TransactionPart part = new TransactionPart(DATABASE, id, index, false, pageSize, 0,
                    List.of(new Frame(1, garbage), new Frame(2 + index, garbage)));
            assertThat(follower.apply((DatabaseEntry) EntryCodec.decode(EntryCodec.encode(part)))).isEmpty();
        }
        follower.apply((DatabaseEntry) EntryCodec.decode(EntryCodec.encode(new TransactionAbort(DATABASE, id))));
        assertThat(follower.hasPendingTransaction()).isFalse();
        stats.abortedSplits++;
    }

    /** Opens or ends a read transaction on a second leader connection, which holds back checkpoints. */
    private static int toggleReader(Connection reader, Random random, int heldFor) throws SQLException {
        if (heldFor == 0 && random.nextInt(40) == 0) {
            execute(reader, "BEGIN");
            query(reader, "SELECT count(*) FROM sqlite_master");
            return 1;
        }
        if (heldFor > 0 && random.nextInt(5) == 0) {
            execute(reader, "COMMIT");
            return 0;
        }
        return heldFor == 0 ? 0 : heldFor + 1;
    }

    /** Checkpoints the way the node does, and sometimes a PASSIVE or TRUNCATE one on top. */
    private static void checkpoint(ReplicationSource leader, FileChannel leaderBytes, Path followerFile, Random random,
            Stats stats) throws Exception {
        if (leader.checkpointIfDue() != null) {
            stats.checkpoints++;
        }
        int dice = random.nextInt(100);
        if (dice < 3) {
            leader.checkpoint(CheckpointMode.PASSIVE);
            stats.checkpoints++;
        } else if (dice < 6) {
            CheckpointResult result = leader.checkpoint(CheckpointMode.TRUNCATE);
            stats.checkpoints++;
            if (result.complete()) {
                assertByteIdentical(leaderBytes, followerFile);
                stats.byteComparisons++;
            }
        }
    }

    /** Checks a read-only copy of the follower's file: intact, and the leader's content. */
    private void verify(Connection writer, Path followerFile, Stats stats) throws Exception {
        Path copy = dir.resolve("follower-copy-" + (stats.verifications++ % 2) + ".db");
        Files.copy(followerFile, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection follower = DriverManager.getConnection("jdbc:sqlite:file:" + copy + "?immutable=1")) {
            assertThat(query(follower, "PRAGMA integrity_check")).as("integrity of the follower after commit %d",
                    stats.commits).isEqualTo("ok");
            assertThat(DatabaseContent.digest(follower)).as("follower content after commit %d", stats.commits)
                    .isEqualTo(DatabaseContent.digest(writer));
        }
    }

    private static void assertByteIdentical(FileChannel leaderBytes, Path followerFile) throws IOException {
        byte[] follower = Files.readAllBytes(followerFile);
        ByteBuffer leader = ByteBuffer.allocate(Math.toIntExact(leaderBytes.size()));
        while (leader.hasRemaining() && leaderBytes.read(leader, leader.position()) >= 0) {
            // reads through the channel that stays open, so SQLite's locks on the file survive
        }
        assertThat(follower).as("follower file equals the checkpointed leader file").isEqualTo(leader.array());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static final class Stats {
        int commits;
        long entries;
        int splitCommits;
        int maxParts;
        int abortedSplits;
        int checkpoints;
        int byteComparisons;
        long verifications;
        long wholePages;
        long deltaPages;
    }
}
