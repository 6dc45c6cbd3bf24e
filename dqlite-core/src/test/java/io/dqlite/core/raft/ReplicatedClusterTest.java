package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplicatedClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RaftTransport.class)
    void writesThroughTheLeaderReachEveryNodeByteForByte(RaftTransport transport) throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.setRaftTransport(transport);
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("notes");
            db.execute(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT, at TEXT DEFAULT (datetime('now')), r INTEGER DEFAULT (random()))");
                }
                return null;
            });
            for (int i = 0; i < 200; i++) {
                int n = i;
                db.execute(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes(body) VALUES(?)")) {
                        insert.setString(1, "note " + n);
                        return insert.executeUpdate();
                    }
                });
            }
            long rows = db.execute(connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("SELECT count(*) FROM notes")) {
                    row.next();
                    return row.getLong(1);
                }
            });
            assertThat(rows).isEqualTo(200);

            long applied = leader.appliedIndex();
            for (Node node : cluster.nodes()) {
                TestCluster.await("node " + node.id() + " applies index " + applied, TIMEOUT,
                        () -> node.appliedIndex() >= applied);
            }
            byte[] expected = Files.readAllBytes(leader.appliedFile("notes"));
            assertThat(expected.length).isGreaterThan(4096);
            for (Node node : cluster.nodes()) {
                assertThat(Files.readAllBytes(node.appliedFile("notes"))).as("node %s", node.id()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aTransactionLargerThanOneEntryIsSplitAndEveryDatabaseReachesEveryNode() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("blobs");
            Sql.update(db, "CREATE TABLE blobs(data BLOB)");
            Sql.update(db, "INSERT INTO blobs VALUES(randomblob(3 * 1024 * 1024))");
            assertThat(Sql.queryLong(db, "SELECT sum(length(data)) FROM blobs")).isEqualTo(3 * 1024 * 1024);
            LeaderDatabase other = leader.database("other");
            Sql.update(other, "CREATE TABLE t(x)");
            Sql.update(other, "INSERT INTO t VALUES('a second database in the same cluster')");

            long applied = leader.appliedIndex();
            byte[] expected = Files.readAllBytes(leader.appliedFile("blobs"));
            byte[] expectedOther = Files.readAllBytes(leader.appliedFile("other"));
            assertThat(expected.length).isGreaterThan(3 * 1024 * 1024);
            for (Node node : cluster.nodes()) {
                TestCluster.await("node " + node.id() + " applies index " + applied, TIMEOUT,
                        () -> node.appliedIndex() >= applied);
                assertThat(Files.readAllBytes(node.appliedFile("blobs"))).as("node %s", node.id()).isEqualTo(expected);
                assertThat(Files.readAllBytes(node.appliedFile("other"))).as("node %s", node.id())
                        .isEqualTo(expectedOther);
            }
        }
    }
}
