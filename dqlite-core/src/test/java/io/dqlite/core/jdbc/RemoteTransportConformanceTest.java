package io.dqlite.core.jdbc;

import io.dqlite.core.Member;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.conformance.JdbcConformanceSuite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC conformance suite through the remote transport: a {@code jdbc:dqlite://} URL listing all three nodes. */
class RemoteTransportConformanceTest extends JdbcConformanceSuite {

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(dir, 3, TestCluster.testTiming());
        cluster.startAll();
        cluster.awaitLeader(Duration.ofSeconds(30));
        url = "jdbc:dqlite://" + cluster.members().stream().map(Member::wireAddress).collect(Collectors.joining(","))
                + "/conformance";
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }
}
