package io.dqlite.jdbc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.NodeInfo;
import io.dqlite.jdbc.protocol.NodeRole;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import io.dqlite.jdbc.session.ValueType;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoClusterInteropTest {

    private static final ClientSettings SETTINGS = ClientSettings.defaults().withLeaderTimeout(Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    private DemoCluster cluster;
    private RemoteSessionFactory factory;
    private String leader;

    @BeforeAll
    void startCluster() throws Exception {
        assumeTrue(DemoCluster.available(), DemoCluster.DEMO + " is not installed (Debian package go-dqlite)");
        cluster = new DemoCluster(directory);
        // dqlite-demo joins nodes as spares, which answer LEADER with "" and CLUSTER with nothing until promoted.
        leader = cluster.awaitSettled(SETTINGS, Duration.ofSeconds(60));
        factory = new RemoteSessionFactory(cluster.addresses(), SETTINGS);
        try (RemoteSession session = (RemoteSession) factory.open("interop")) {
            assertThat(session.nodeAddress()).isEqualTo(leader);
            session.execSql("CREATE TABLE IF NOT EXISTS big (n INTEGER, label TEXT)", List.of());
            session.execSql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) "
                    + "INSERT INTO big SELECT x, 'row number ' || x FROM c", List.of());
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyValueTypeRoundTrips() throws SQLException {
        byte[] blob = new byte[300];
        Arrays.fill(blob, (byte) 0xab);
        try (Session session = factory.open("types")) {
            session.execSql("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, f REAL, s TEXT, b BLOB, n TEXT,"
                    + " d DATETIME, ok BOOLEAN, ts TIMESTAMP, small INTEGER, e BLOB)", List.of());
            StatementHandle insert = session.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            assertThat(insert.parameterCount()).isEqualTo(11);
            ExecResult result = session.exec(insert.id(), Arrays.asList(7L, Long.MIN_VALUE, -0.5, "żółw 🐢", blob, null,
                    "2024-01-02 03:04:05", true, 1_700_000_000L, 42, new byte[0]));
            assertThat(result).isEqualTo(new ExecResult(7, 1));
            session.finalizeStatement(insert.id());

            try (Rows rows = session.querySql("SELECT * FROM t WHERE id = ?", List.of(7))) {
                assertThat(rows.columns()).containsExactly("id", "i", "f", "s", "b", "n", "d", "ok", "ts", "small", "e");
                assertThat(rows.next()).isTrue();
                List<ValueType> types = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < rows.columns().size(); i++) {
                    types.add(rows.type(i));
                    values.add(rows.value(i));
                }
                assertThat(types).containsExactly(ValueType.INTEGER, ValueType.INTEGER, ValueType.FLOAT, ValueType.TEXT,
                        ValueType.BLOB, ValueType.NULL, ValueType.ISO8601, ValueType.BOOLEAN, ValueType.UNIXTIME,
                        ValueType.INTEGER, ValueType.BLOB);
                assertThat(values).usingRecursiveFieldByFieldElementComparator().containsExactly(7L, Long.MIN_VALUE,
                        -0.5, "żółw 🐢", blob, null, "2024-01-02 03:04:05", true, 1_700_000_000L, 42L, new byte[0]);
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void preparedQueryTakes255ParametersAndNodesBefore112RefuseMoreCleanly() throws SQLException {
        try (Session session = factory.open("interop")) {
            assertThat(sumOfOnes(session, 255)).isEqualTo(255L);
            // Schema 1 (a 32-bit parameter count) arrived in dqlite 1.12; 1.11 answers FAILURE with DQLITE_PARSE (1005).
            Object more;
            try {
                more = sumOfOnes(session, 300);
            } catch (SQLException e) {
                more = e.getErrorCode();
            }
            assertThat(more).isIn(300L, 1005);
            assertThat(session.isValid(5)).isTrue();
            assertThat(sumOfOnes(session, 3)).isEqualTo(3L);
        }
    }

    private static Object sumOfOnes(Session session, int count) throws SQLException {
        StatementHandle statement = session.prepare("SELECT " + String.join(" + ", Collections.nCopies(count, "?")));
        try (Rows rows = session.query(statement.id(), new ArrayList<>(Collections.nCopies(count, 1L)))) {
            assertThat(rows.next()).isTrue();
            return rows.value(0);
        } finally {
            session.finalizeStatement(statement.id());
        }
    }

    @Test
    void tenThousandRowsStreamAcrossSeveralMessages() throws SQLException {
        try (Session session = factory.open("interop"); Rows rows = session.querySql("SELECT n, label FROM big ORDER BY n", List.of())) {
            long count = 0;
            while (rows.next()) {
                count++;
                assertThat(rows.value(0)).isEqualTo(count);
                assertThat(rows.value(1)).isEqualTo("row number " + count);
            }
            assertThat(count).isEqualTo(10_000);
        }
    }

    @Test
    void closingRowsEarlyLeavesTheSessionUsable() throws SQLException {
        try (Session session = factory.open("interop")) {
            Rows rows = session.querySql("SELECT n FROM big ORDER BY n", List.of());
            for (int i = 0; i < 5; i++) {
                assertThat(rows.next()).isTrue();
            }
            rows.close();
            rows.close();
            try (Rows count = session.querySql("SELECT count(*) FROM big", List.of())) {
                assertThat(count.next()).isTrue();
                assertThat(count.value(0)).isEqualTo(10_000L);
            }
            assertThat(session.isValid(5)).isTrue();
        }
    }

    @Test
    void failuresMapToSqliteCodes() throws SQLException {
        try (Session session = factory.open("failures")) {
            assertThatThrownBy(() -> session.execSql("SELEC 1", List.of()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("syntax error")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(SqliteErrors.SQLITE_ERROR));
            session.execSql("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT UNIQUE)", List.of());
            session.execSql("INSERT INTO u (name) VALUES (?)", List.of("a"));
            assertThatThrownBy(() -> session.execSql("INSERT INTO u (name) VALUES (?)", List.of("a")))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(2067));
            assertThatThrownBy(() -> session.execSql("SELECT ?", List.of(new Object())))
                    .isInstanceOf(SQLException.class).hasMessageContaining("java.lang.Object")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(SqliteErrors.SQLITE_MISUSE));
            assertThat(session.execSql("INSERT INTO u (name) VALUES (?)", List.of("b")).rowsAffected()).isEqualTo(1);
            assertThat(session.isValid(5)).isTrue();
        }
    }

    @Test
    void interruptFromAnotherThreadStopsAQuery() throws Exception {
        try (Session session = factory.open("interop")) {
            Rows rows = session.querySql("SELECT a.n FROM big a, big b WHERE b.n <= 100", List.of());
            assertThat(rows.next()).isTrue();
            Thread interrupter = new Thread(() -> {
                try {
                    session.interrupt();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            interrupter.start();
            interrupter.join(10_000);
            assertThatThrownBy(() -> {
                while (rows.next()) {
                    rows.value(0);
                }
            }).isInstanceOf(SQLTimeoutException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(SqliteErrors.SQLITE_INTERRUPT));
            try (Rows count = session.querySql("SELECT count(*) FROM big", List.of())) {
                assertThat(count.next()).isTrue();
            }
        }
    }

    @Test
    void followerOnlyAddressListFindsTheLeader() throws SQLException {
        List<String> followers = new ArrayList<>(cluster.addresses());
        followers.remove(leader);
        assertThat(followers).hasSize(2);
        try (RemoteSession session = (RemoteSession) new RemoteSessionFactory(followers, SETTINGS).open("interop")) {
            assertThat(session.nodeAddress()).isEqualTo(leader);
        }
    }

    @Test
    void followerRefusesSqlWithNotLeader() throws Exception {
        NodeAddress follower = NodeAddress.parse(cluster.addresses().stream().filter(a -> !a.equals(leader)).findFirst().orElseThrow());
        try (NodeConnection connection = NodeConnection.open(follower, SETTINGS, Duration.ofSeconds(2))) {
            assertThat(connection.call(new Request.Leader())).isInstanceOf(Response.Server.class)
                    .extracting(r -> ((Response.Server) r).address()).isEqualTo(leader);
            Response members = connection.call(new Request.Cluster(Request.Cluster.FORMAT_V1));
            assertThat(((Response.Servers) members).nodes()).hasSize(3).extracting(NodeInfo::address, NodeInfo::role)
                    .containsExactlyInAnyOrderElementsOf(cluster.addresses().stream()
                            .map(address -> org.assertj.core.groups.Tuple.tuple(address, NodeRole.VOTER)).toList());
            Response open = connection.call(new Request.Open("interop", 0, RemoteSessionFactory.VFS));
            assertThat(open).isInstanceOf(Response.Db.class);
            Response exec = connection.call(new Request.ExecSql(((Response.Db) open).id(), "SELECT 1", List.of()));
            assertThat(exec).isInstanceOf(Response.Failure.class);
            Response.Failure failure = (Response.Failure) exec;
            assertThat((Throwable) SqliteErrors.toException((int) failure.code(), failure.message()))
                    .isInstanceOf(LeadershipLostException.class);
        }
    }
}
