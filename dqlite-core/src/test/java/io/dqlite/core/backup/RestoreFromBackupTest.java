package io.dqlite.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new cluster bootstrapped from a backup serves the same rows on every node; bad backups are refused by name. */
class RestoreFromBackupTest {

    @TempDir
    Path directory;

    @Test
    void aNewClusterRestoredFromABackupServesTheSameRowsOnEveryNode() throws Exception {
        Path backup = directory.resolve("orders.db");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + backup);
                Statement statement = sqlite.createStatement()) {
            statement.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL)");
            statement.executeUpdate("CREATE INDEX orders_item ON orders (item)");
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                    + " INSERT INTO orders SELECT i, 'item ' || (i % 97) FROM n");
        }
        String expected = digest(backup);
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));

            assertThat(leader.restore("orders", backup)).isEqualTo(BackupRestore.Outcome.RESTORED);
            assertThat(leader.restore("orders", backup)).as("a second restore of the same database")
                    .isEqualTo(BackupRestore.Outcome.SKIPPED_NOT_EMPTY);

            // the restored database keeps replicating: a write after it reaches every node too
            leader.database("orders").execute(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("INSERT INTO orders VALUES (20001, 'after the restore')");
                }
            });
            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + backup);
                    Statement statement = sqlite.createStatement()) {
                statement.executeUpdate("INSERT INTO orders VALUES (20001, 'after the restore')");
            }
            expected = digest(backup);
            long committed = leader.commitIndex();
            for (Node node : cluster.nodes()) {
                TestCluster.await("node " + node.id() + " applied the restore", Duration.ofSeconds(30),
                        () -> node.appliedIndex() >= committed);
                Path copy = directory.resolve("copy-" + node.id() + ".db");
                node.backup("orders", copy);
                assertThat(digest(copy)).as("node " + node.id()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aFileThatIsNotAUsableBackupIsRefusedByName() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage.db"), "this is not a database, "
                .repeat(300));
        Path empty = directory.resolve("empty.db");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + empty);
                Statement statement = sqlite.createStatement()) {
            statement.execute("PRAGMA user_version = 1");
        }
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            assertThatThrownBy(() -> leader.restore("db", garbage)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot restore from " + garbage).hasMessageContaining("not an SQLite");
            assertThatThrownBy(() -> leader.restore("db", empty)).hasMessageContaining("holds no table");
            assertThatThrownBy(() -> leader.restore("db", directory.resolve("missing.db")))
                    .hasMessageContaining("not a readable file");
        }
    }

    // the rows and schema of a database, as text
    private static String digest(Path database) throws SQLException {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = sqlite.createStatement();
                ResultSet digest = statement.executeQuery("SELECT (SELECT group_concat(sql, ';') FROM sqlite_schema),"
                        + " count(*), sum(id), group_concat(item, ',') FROM orders")) {
            digest.next();
            return digest.getString(1) + "|" + digest.getLong(2) + "|" + digest.getLong(3) + "|"
                    + digest.getString(4).hashCode();
        }
    }
}
