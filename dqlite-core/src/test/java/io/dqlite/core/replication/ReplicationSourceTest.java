package io.dqlite.core.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.entry.DatabaseEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationSourceTest {

    @TempDir
    Path dir;

    @Test
    void newDatabaseIsShippedAsItsFirstTransaction() throws Exception {
        Path file = dir.resolve("new.db");
        try (ReplicationSource source = ReplicationSource.open("db", file, ReplicationSettings.defaults());
                ReplicationTarget target = new ReplicationTarget("db", dir.resolve("follower.db"))) {
            List<DatabaseEntry> creation = source.capture();
            execute(source.connection(), "CREATE TABLE t(x)");
            List<DatabaseEntry> table = source.capture();

            assertThat(creation).hasSize(1);
            assertThat(table).hasSize(1);
            assertThat(creation.get(0).transactionId()).isNotEqualTo(table.get(0).transactionId());
            for (DatabaseEntry entry : creation) {
                target.apply(entry);
            }
            for (DatabaseEntry entry : table) {
                target.apply(entry);
            }
        }
        assertThat(Files.readAllBytes(dir.resolve("follower.db"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void existingRollbackJournalDatabaseIsSwitchedToWalAndShippedWhole() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            execute(db, "CREATE TABLE t(x)");
            execute(db, "INSERT INTO t VALUES('kept')");
        }
        try (ReplicationSource source = ReplicationSource.open("db", file, ReplicationSettings.defaults());
                ReplicationTarget target = new ReplicationTarget("db", dir.resolve("follower.db"))) {
            for (DatabaseEntry entry : source.capture()) {
                target.apply(entry);
            }
        }
        try (Connection follower = DriverManager.getConnection("jdbc:sqlite:file:" + dir.resolve("follower.db")
                + "?immutable=1");
                Statement statement = follower.createStatement();
                var row = statement.executeQuery("SELECT x FROM t")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void aWalLeftBehindIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("crashed.db");
        Files.write(dir.resolve("crashed.db-wal"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> ReplicationSource.open("db", file, ReplicationSettings.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crashed.db-wal")
                .hasMessageContaining("never captured");
    }

    @Test
    void closingWithUncapturedCommitsIsAnError() throws Exception {
        ReplicationSource source = ReplicationSource.open("db", dir.resolve("a.db"), ReplicationSettings.defaults());
        source.capture();
        execute(source.connection(), "CREATE TABLE t(x)");

        assertThatThrownBy(source::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 commits")
                .hasMessageContaining("ahead of the log");
        assertThat(source.connection().isClosed()).isTrue();
    }

    @Test
    void checkpointsOnceTheThresholdIsReachedAndRetriesWhenAReaderHeldItBack() throws Exception {
        Path file = dir.resolve("c.db");
        ReplicationSettings settings = ReplicationSettings.defaults().withCheckpointThresholdFrames(10);
        try (ReplicationSource source = ReplicationSource.open("db", file, settings);
                Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            execute(source.connection(), "CREATE TABLE t(x)");
            source.capture();
            assertThat(source.checkpointIfDue()).as("below the threshold").isNull();

            execute(reader, "BEGIN");
            execute(reader, "SELECT count(*) FROM t");
            insertRows(source, 12);
            CheckpointResult held = source.checkpointIfDue();
            assertThat(held).isNotNull();
            assertThat(held.complete()).as("a reader holds back %s", held).isFalse();
            insertRows(source, 1);
            assertThat(source.checkpointIfDue()).as("retried only once the WAL grew").isNull();

            execute(reader, "COMMIT");
            insertRows(source, 3);
            CheckpointResult done = source.checkpointIfDue();
            assertThat(done).isNotNull();
            assertThat(done.complete()).as("%s", done).isTrue();
        }
    }

    @Test
    void invalidSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ReplicationSettings.defaults().withPageSize(1000))
                .hasMessageContaining("page size 1000");
        assertThatThrownBy(() -> ReplicationSettings.defaults().withMaxEntryBytes(1000))
                .hasMessageContaining("maximum entry size 1000");
        assertThatThrownBy(() -> ReplicationSettings.defaults().withCheckpointThresholdFrames(0))
                .hasMessageContaining("checkpoint threshold");
    }

    private static void insertRows(ReplicationSource source, int rows) throws Exception {
        for (int i = 0; i < rows; i++) {
            execute(source.connection(), "INSERT INTO t VALUES(randomblob(100))");
            source.capture();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
