package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that leaves a transaction idle, or stops reading its rows, is cut off instead of stalling others. */
class StalledClientTest {

    private static final Duration STALL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void stalledClientsAreCutOffAndTheirTransactionsRolledBack() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (WireServer server = TestWireServers.start(leader,
                    WireServerSettings.defaults().withStallTimeout(STALL))) {
                String address = TestWireServers.address(server);
                try (RawWireClient setup = RawWireClient.handshake(address)) {
                    setup.call(new Request.Open("stall", 0, "volatile"));
                    assertThat(setup.call(new Request.ExecSql(0, "CREATE TABLE t(v TEXT); WITH RECURSIVE"
                            + " c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000)"
                            + " INSERT INTO t SELECT printf('%0100d', n) FROM c", List.of())))
                            .isInstanceOf(Response.Result.class);
                }
                RawWireClient idle = RawWireClient.handshake(address);
                RawWireClient slowReader = RawWireClient.handshake(address);
                try (idle; slowReader; RawWireClient other = RawWireClient.handshake(address)) {
                    idle.call(new Request.Open("stall", 0, "volatile"));
                    idle.call(new Request.ExecSql(0, "BEGIN", List.of()));
                    idle.call(new Request.ExecSql(0, "INSERT INTO t VALUES('never committed')", List.of()));
                    slowReader.call(new Request.Open("stall", 0, "volatile"));
                    slowReader.send(RawWireClient.encoded(new Request.QuerySql(0, "SELECT v FROM t", List.of())));

                    other.call(new Request.Open("stall", 0, "volatile"));
                    long start = System.nanoTime();
                    Response insert = other.call(new Request.ExecSql(0, "INSERT INTO t VALUES('other')", List.of()));

                    assertThat(insert).isInstanceOf(Response.Result.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
                    assertThat(idle.closedByServer()).isTrue();
                    Response.Rows left = (Response.Rows) other.call(new Request.QuerySql(0,
                            "SELECT count(*) FROM t WHERE v = 'never committed'", List.of()));
                    assertThat(left.rows().get(0).values()).containsExactly(0L);
                    TestCluster.await("the slow reader to be cut off", Duration.ofSeconds(30),
                            () -> server.connectionCount() == 1);
                }
            }
        }
    }
}
