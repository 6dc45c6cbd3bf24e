package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection answers its requests on its own thread and borrows a second one only while a request runs long:
 * requests sent ahead of a long one are still answered in order, an INTERRUPT sent behind it stops it, and a client
 * that leaves during it has its connection closed and its query stopped.
 */
class WireConnectionTest {

    private static final String ENDLESS = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)"
            + " SELECT count(*) FROM c";
    // about a second of SQLite's work on this machine: long enough that a thread is lent for what follows it
    private static final String LONG = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
            + " WHERE n < 3000000) SELECT count(*) FROM c";
    /** Requests sent ahead of the long one: fewer than the 16 a connection may hold by default. */
    private static final int AHEAD = 12;

    @TempDir
    Path dir;

    private TestCluster cluster;
    private WireServer server;
    private String address;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster(dir, 1, TestCluster.testTiming());
        cluster.startAll();
        Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
        server = TestWireServers.start(leader, WireServerSettings.defaults());
        address = TestWireServers.address(server);
        try (RawWireClient setup = RawWireClient.handshake(address)) {
            setup.call(new Request.Open("wire", 0, "volatile"));
            setup.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER PRIMARY KEY)", List.of()));
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        cluster.close();
    }

    @Test
    void requestsSentAheadOfALongOneAreAnsweredInOrder() throws Exception {
        try (RawWireClient client = RawWireClient.handshake(address)) {
            client.call(new Request.Open("wire", 0, "volatile"));
            ByteArrayOutputStream ahead = new ByteArrayOutputStream();
            new Request.QuerySql(0, LONG, List.of()).encode().write(ahead);
            for (int i = 1; i <= AHEAD; i++) {
                new Request.ExecSql(0, "INSERT INTO t VALUES(" + i + ")", List.of()).encode().write(ahead);
            }
            new Request.QuerySql(0, "SELECT count(*), max(n) FROM t", List.of()).encode().write(ahead);
            client.send(ahead.toByteArray());

            assertThat(((Response.Rows) client.receive()).rows().get(0).values()).containsExactly(3_000_000L);
            for (int i = 1; i <= AHEAD; i++) {
                assertThat(client.receive()).isEqualTo(new Response.Result(i, 1));
            }
            assertThat(((Response.Rows) client.receive()).rows().get(0).values())
                    .containsExactly((long) AHEAD, (long) AHEAD);
        }
    }

    @Test
    void anInterruptSentBehindAnEndlessQueryStopsIt() throws Exception {
        try (RawWireClient client = RawWireClient.handshake(address)) {
            client.call(new Request.Open("wire", 0, "volatile"));
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            new Request.QuerySql(0, ENDLESS, List.of()).encode().write(both);
            new Request.Interrupt(0).encode().write(both);
            long start = System.nanoTime();
            client.send(both.toByteArray());

            Response answer = client.receive();
            assertThat(answer).isInstanceOf(Response.Failure.class);
            assertThat(((Response.Failure) answer).code() & 0xff).isEqualTo(SqliteErrors.SQLITE_INTERRUPT);
            assertThat(client.receive()).isInstanceOf(Response.Empty.class);
            // the node's statement timeout is 60 s: only the INTERRUPT ends the query this soon
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(((Response.Rows) client.call(new Request.QuerySql(0, "SELECT 42", List.of()))).rows().get(0)
                    .values()).containsExactly(42L);
        }
    }

    @Test
    void aClientThatLeavesDuringAnEndlessQueryHasItStoppedAndItsConnectionClosed() throws Exception {
        RawWireClient client = RawWireClient.handshake(address);
        client.call(new Request.Open("wire", 0, "volatile"));
        client.send(RawWireClient.encoded(new Request.QuerySql(0, ENDLESS, List.of())));
        TestCluster.await("the endless query to reach the server", Duration.ofSeconds(10),
                () -> server.connectionCount() == 1);
        client.close();

        TestCluster.await("the connection to close", Duration.ofSeconds(40), () -> server.connectionCount() == 0);
        try (RawWireClient other = RawWireClient.handshake(address)) {
            other.call(new Request.Open("wire", 0, "volatile"));
            assertThat(other.call(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of())))
                    .isEqualTo(new Response.Result(1, 1));
        }
    }
}
