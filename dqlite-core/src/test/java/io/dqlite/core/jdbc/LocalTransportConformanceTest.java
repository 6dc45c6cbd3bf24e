package io.dqlite.core.jdbc;

import io.dqlite.core.Node;
import io.dqlite.core.NodeDataSource;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.conformance.JdbcConformanceSuite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC conformance suite through the in-process transport: the leader's own {@link NodeDataSource}. */
class LocalTransportConformanceTest extends JdbcConformanceSuite {

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private static NodeDataSource dataSource;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(dir, 3, TestCluster.testTiming());
        cluster.startAll();
        Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
        dataSource = new NodeDataSource(leader, "conformance");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Override
    protected Connection connect() throws SQLException {
        return dataSource.getConnection();
    }
}
