package io.dqlite.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.TransactionPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages a leader sent before travel as their changes: a small write into a big indexed table costs
 * the log a few hundred bytes, not a page image per page it touched, and followers still end
 * byte-identical to the leader, through shrinking and regrowing files and split transactions.
 */
class PageDeltaReplicationTest {

    @TempDir
    Path dir;

    private final Random random = new Random(11);

    @Test
    void aSmallInsertIntoAnIndexedTableTravelsAsFarLessThanItsPages() throws Exception {
        try (Replica replica = new Replica(ReplicationSettings.defaults())) {
            execute(replica.writer(), "CREATE TABLE kv (key TEXT, value TEXT, UNIQUE(key))");
            replica.ship();
            for (int i = 0; i < 2000; i++) {
                insert(replica.writer(), 1);
                replica.ship();
            }

            insert(replica.writer(), 1);
            List<DatabaseEntry> entries = replica.ship();

            TransactionPart part = (TransactionPart) entries.get(0);
            assertThat(entries).hasSize(1);
            assertThat(part.frames().size() + part.deltas().size()).as("pages changed").isGreaterThanOrEqualTo(2);
            // a 32-byte key and a 100-byte value: a page image alone is 4096 bytes
            assertThat(EntryCodec.encode(part).length).as("encoded entry").isLessThan(1024);
            replica.assertIdenticalAfterCheckpoint();
        }
    }

    @Test
    void followersStayIdenticalThroughShrinkingRegrowingAndSplitTransactions() throws Exception {
        ReplicationSettings settings = ReplicationSettings.defaults().withMaxEntryBytes(128 * 1024);
        try (Replica replica = new Replica(settings)) {
            execute(replica.writer(), "CREATE TABLE kv (key TEXT, value TEXT, UNIQUE(key))");
            replica.ship();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 300; i++) {
                    insert(replica.writer(), 1 + random.nextInt(3));
                    replica.ship();
                }
                // one transaction larger than an entry: split, sent whole, and every image forgotten
                insert(replica.writer(), 1500);
                assertThat(replica.ship()).hasSizeGreaterThan(1);
                execute(replica.writer(), "DELETE FROM kv WHERE rowid % 3 <> 0");
                replica.ship();
                // VACUUM cuts pages off the end; the pages that come back must not be deltas of old images
                execute(replica.writer(), "VACUUM");
                replica.ship();
                replica.assertIdenticalAfterCheckpoint();
            }
            assertThat(replica.deltaPages).isPositive();
        }
    }

    private void insert(Connection writer, int rows) throws SQLException {
        writer.setAutoCommit(false);
        try (PreparedStatement statement = writer.prepareStatement("INSERT INTO kv(key, value) VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                statement.setString(1, letters(32));
                statement.setString(2, letters(100));
                statement.executeUpdate();
            }
            writer.commit();
        } finally {
            writer.setAutoCommit(true);
        }
    }

    private String letters(int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A leader's database and a follower's copy fed through the codec, as the log would. */
    private final class Replica implements AutoCloseable {

        private final Path leaderFile = dir.resolve("leader.db");
        private final Path followerFile = dir.resolve("follower.db");
        private final ReplicationSource leader;
        private final ReplicationTarget follower;
        long deltaPages;

        Replica(ReplicationSettings settings) throws IOException, SQLException {
            leader = ReplicationSource.open("main", leaderFile, settings.withCheckpointThresholdFrames(200));
            follower = new ReplicationTarget("main", followerFile);
        }

        Connection writer() {
            return leader.connection();
        }

        /** Captures what was committed, checkpoints as a node does, and applies it to the follower. */
        List<DatabaseEntry> ship() throws IOException, SQLException {
            List<DatabaseEntry> entries = leader.capture();
            for (DatabaseEntry entry : entries) {
                if (entry instanceof TransactionPart part) {
                    deltaPages += part.deltas().size();
                }
                follower.apply((DatabaseEntry) EntryCodec.decode(EntryCodec.encode(entry)));
            }
            leader.checkpointIfDue();
            return entries;
        }

        void assertIdenticalAfterCheckpoint() throws IOException, SQLException {
            assertThat(leader.checkpoint(CheckpointMode.TRUNCATE).complete()).isTrue();
            assertThat(ship()).isEmpty();
            assertThat(Files.readAllBytes(followerFile)).as("follower file equals the checkpointed leader file")
                    .isEqualTo(Files.readAllBytes(leaderFile));
        }

        @Override
        public void close() throws Exception {
            try {
                follower.close();
            } finally {
                leader.close();
            }
        }
    }
}
