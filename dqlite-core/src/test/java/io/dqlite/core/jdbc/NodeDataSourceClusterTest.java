package io.dqlite.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.Node;
import io.dqlite.core.NodeDataSource;
import io.dqlite.core.TestCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same application code, given the pooled {@link NodeDataSource} of each of three nodes, reads
 * and writes one database consistently on every node, and keeps working across a leader change.
 */
class NodeDataSourceClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static {
        // validate every borrowed connection, so that a connection to a former leader is replaced
        System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
    }

    @TempDir
    Path dir;

    /** The application code under test: a list of notes. */
    private static final class Notes {

        private final DataSource dataSource;

        Notes(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        void createTable() throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            }
        }

        long add(String body) throws SQLException {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes(body) VALUES(?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, body);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        long id = keys.getLong(1);
                        connection.commit();
                        return id;
                    }
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            }
        }

        List<String> all() throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT body FROM notes ORDER BY id")) {
                List<String> bodies = new ArrayList<>();
                while (rows.next()) {
                    bodies.add(rows.getString(1));
                }
                return bodies;
            }
        }
    }

    @Test
    void everyNodeServesTheSameDatabaseAndSurvivesALeaderChange() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            Map<String, HikariDataSource> pools = new LinkedHashMap<>();
            try {
                for (Node node : cluster.nodes()) {
                    pools.put(node.id(), pool(node));
                }
                new Notes(pools.get(leader.id())).createTable();
                List<String> expected = new ArrayList<>();
                for (Map.Entry<String, HikariDataSource> entry : pools.entrySet()) {
                    String body = "written through node " + entry.getKey();
                    assertThat(new Notes(entry.getValue()).add(body)).isPositive();
                    expected.add(body);
                    for (HikariDataSource reader : pools.values()) {
                        assertThat(new Notes(reader).all()).containsExactlyElementsOf(expected);
                    }
                }

                String next = cluster.nodes().stream().filter(node -> !node.id().equals(leader.id())).findFirst()
                        .orElseThrow().id();
                leader.transferLeadership(next, TIMEOUT);
                TestCluster.await("node " + next + " to lead", TIMEOUT, () -> cluster.node(next).isLeader());

                for (Map.Entry<String, HikariDataSource> entry : pools.entrySet()) {
                    String body = "after the change, through node " + entry.getKey();
                    addWithOneRetry(new Notes(entry.getValue()), body);
                    expected.add(body);
                }
                for (HikariDataSource reader : pools.values()) {
                    assertThat(new Notes(reader).all()).containsExactlyElementsOf(expected);
                }
            } finally {
                pools.values().forEach(HikariDataSource::close);
            }
        }
    }

    /** Adds a note, retrying once if the first attempt met the leader change. */
    private static void addWithOneRetry(Notes notes, String body) throws SQLException {
        try {
            notes.add(body);
        } catch (SQLTransientException e) {
            notes.add(body);
        }
    }

    private static HikariDataSource pool(Node node) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new NodeDataSource(node, "app"));
        config.setPoolName("node-" + node.id());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
