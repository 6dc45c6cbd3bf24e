package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.DqliteDataSource;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that holds no transaction and sends nothing for the idle timeout is closed; one that holds a
 * transaction is not, and the pooled DataSource and a plain driver connection keep working across the close
 * (Hikari validates the pooled ones, the driver replaces a plain one before its next statement).
 */
class IdleTimeoutTest {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anIdleConnectionIsClosedButOneHoldingATransactionIsNot() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.setServer(WireServerSettings.defaults().withIdleTimeout(IDLE));
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            String address = wireAddress(cluster, leader);
            try (RawWireClient idle = RawWireClient.handshake(address);
                    RawWireClient transaction = RawWireClient.handshake(address)) {
                idle.call(new Request.Open("idle", 0, "volatile"));
                idle.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER)", List.of()));
                transaction.call(new Request.Open("idle", 0, "volatile"));
                transaction.call(new Request.ExecSql(0, "BEGIN", List.of()));
                transaction.call(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of()));
                long start = System.nanoTime();

                TestCluster.await("the idle connection to be closed", TIMEOUT, () -> leader.wireConnectionCount() == 1);

                System.out.printf("the idle connection was closed after %d ms (idle timeout %d ms)%n",
                        (System.nanoTime() - start) / 1_000_000, IDLE.toMillis());
                assertThat(idle.closedByServer()).isTrue();
                assertThat(transaction.call(new Request.ExecSql(0, "COMMIT", List.of())))
                        .isInstanceOf(Response.Result.class);
            }
        }
    }

    @Test
    void pooledAndPlainDriverConnectionsKeepWorkingAcrossTheClose() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.setServer(WireServerSettings.defaults().withIdleTimeout(IDLE));
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            String address = wireAddress(cluster, leader);
            DqliteDataSource driver = new DqliteDataSource(new RemoteSessionFactory(List.of(address),
                    ClientSettings.defaults()), "idle", "jdbc:dqlite://" + address + "/idle");
            try (HikariDataSource pool = new HikariDataSource(); Connection plain = driver.getConnection();
                    Connection holding = driver.getConnection()) {
                pool.setDataSource(driver);
                pool.setMaximumPoolSize(2);
                execute(pool, "CREATE TABLE t(n INTEGER)");
                execute(plain, "INSERT INTO t VALUES(1)");
                assertThat(count(pool)).isEqualTo(1);
                PreparedStatement held = holding.prepareStatement("INSERT INTO t VALUES(100)");

                TestCluster.await("the node to close every idle connection", TIMEOUT,
                        () -> leader.wireConnectionCount() == 0);

                execute(pool, "INSERT INTO t VALUES(2)");
                assertThat(count(pool)).isEqualTo(2);
                execute(plain, "INSERT INTO t VALUES(3)");
                assertThat(count(plain)).isEqualTo(3);
                // its statement lived on the closed connection: a clean connection error, the INSERT never sent
                assertThatThrownBy(held::executeUpdate).isInstanceOf(SQLTransientConnectionException.class)
                        .isNotInstanceOf(CommitOutcomeUnknownException.class)
                        .hasMessageContaining("closed the connection while it sat idle");
                assertThat(count(pool)).isEqualTo(3);
            }
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, sql);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static long count(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return count(connection);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT count(*) FROM t")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String wireAddress(TestCluster cluster, Node node) {
        return cluster.members().stream().filter(m -> m.id().equals(node.id())).map(Member::wireAddress).findFirst()
                .orElseThrow();
    }
}
