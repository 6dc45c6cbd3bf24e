package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.SessionSql;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote client against a 3-node cluster of ours, through the wire server. */
class RemoteSessionTest {

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private static Node leader;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(dir, 3, TestCluster.testTiming());
        cluster.startAll();
        leader = cluster.awaitLeader(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static Session open(List<String> addresses) throws SQLException {
        return new RemoteSessionFactory(addresses, ClientSettings.defaults()).open("remote");
    }

    private static List<String> followers() {
        return cluster.members().stream().filter(m -> !m.id().equals(leader.id())).map(Member::wireAddress).toList();
    }

    @Test
    void aClientGivenOnlyFollowersFindsTheLeaderAndStreamsALargeResult() throws Exception {
        try (Session session = open(followers())) {
            SessionSql.exec(session, "CREATE TABLE numbers(n INTEGER, label TEXT)");
            SessionSql.exec(session, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000)"
                    + " INSERT INTO numbers SELECT n, 'number ' || n FROM c");
            long count = 0;
            long sum = 0;
            try (Rows rows = session.querySql("SELECT n, label FROM numbers ORDER BY n", List.of())) {
                while (rows.next()) {
                    count++;
                    sum += (Long) rows.value(0);
                    assertThat(rows.value(1)).isEqualTo("number " + rows.value(0));
                }
            }
            assertThat(count).isEqualTo(20_000);
            assertThat(sum).isEqualTo(20_000L * 20_001 / 2);

            try (Rows rows = session.querySql("SELECT n FROM numbers", List.of())) {
                assertThat(rows.next()).isTrue();
            }
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM numbers WHERE n > ?", 19_990L)).isEqualTo(10L);
        }
    }

    @Test
    void preparedStatementsAndErrorsCrossTheWireUnchanged() throws Exception {
        try (Session session = open(cluster.members().stream().map(Member::wireAddress).toList())) {
            SessionSql.exec(session, "CREATE TABLE uniq(k TEXT UNIQUE)");
            StatementHandle insert = session.prepare("INSERT INTO uniq VALUES(?)");
            assertThat(insert.parameterCount()).isEqualTo(1);
            assertThat(session.exec(insert.id(), List.of("a")).rowsAffected()).isEqualTo(1);
            assertThatThrownBy(() -> session.exec(insert.id(), List.of("a")))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(2067));
            assertThatThrownBy(() -> session.prepare("SELEC nothing"))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1));
            assertThatThrownBy(() -> SessionSql.exec(session, "PRAGMA journal_mode=DELETE"))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(23));
            session.finalizeStatement(insert.id());
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM uniq")).isEqualTo(1L);
        }
    }

    @Test
    void anInterruptStopsALongQueryOverTheWire() throws Exception {
        try (Session session = open(List.of(leaderAddress()))) {
            CompletableFuture<Object> endless = CompletableFuture.supplyAsync(() -> {
                try {
                    return SessionSql.scalar(session, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)"
                            + " SELECT count(*) FROM c");
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            TestCluster.await("the query to reach the leader", Duration.ofSeconds(10),
                    () -> leader.wireConnectionCount() > 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!endless.isDone() && System.nanoTime() < deadline) {
                session.interrupt();
                try {
                    endless.handle((value, failure) -> null).get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running: interrupt again, in case the first one came before the query started
                }
            }
            assertThatThrownBy(endless::join).hasCauseInstanceOf(SQLTimeoutException.class);
            assertThat(SessionSql.scalar(session, "SELECT 42")).isEqualTo(42L);
        }
    }

    @Test
    void aFollowerRefusesSqlWithTheNotLeaderCodeNamingItselfAndTheLeader() throws Exception {
        Member followerMember = cluster.members().stream().filter(m -> !m.id().equals(leader.id())).findFirst()
                .orElseThrow();
        try (RawWireClient follower = RawWireClient.handshake(followerMember.wireAddress())) {
            follower.call(new io.dqlite.jdbc.protocol.Request.Open("remote", 0, "volatile"));
            var response = follower.call(new io.dqlite.jdbc.protocol.Request.ExecSql(0, "SELECT 1", List.of()));
            assertThat(response).isInstanceOf(io.dqlite.jdbc.protocol.Response.Failure.class);
            var failure = (io.dqlite.jdbc.protocol.Response.Failure) response;
            assertThat(failure.code()).isEqualTo(10250);
            assertThat(failure.message()).isEqualTo("not leader: node " + followerMember.id()
                    + " is a follower; the leader is node " + leader.id());
        }
        assertThat(LeadershipLostException.class).isAssignableTo(java.sql.SQLTransientConnectionException.class);
    }

    private static String leaderAddress() {
        return cluster.members().stream().filter(m -> m.id().equals(leader.id())).findFirst().orElseThrow()
                .wireAddress();
    }
}
