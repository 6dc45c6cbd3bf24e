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

/**
 * A connection that does not send its protocol version within the handshake timeout is closed; one that did is
 * not, however long it then waits before its first request.
 */
class HandshakeTimeoutTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aSilentConnectionIsClosedAfterTheHandshakeTimeoutAndAGreetedOneIsNot() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (WireServer server = TestWireServers.start(leader,
                    WireServerSettings.defaults().withHandshakeTimeout(HANDSHAKE))) {
                String address = TestWireServers.address(server);
                long start = System.nanoTime();
                RawWireClient silent = RawWireClient.connect(address);
                RawWireClient greeted = RawWireClient.handshake(address);
                try (silent; greeted) {
                    TestCluster.await("both connections to be accepted", Duration.ofSeconds(10),
                            () -> server.connectionCount() == 2);
                    TestCluster.await("the silent connection to be closed", Duration.ofSeconds(10),
                            () -> server.connectionCount() == 1);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                            HANDSHAKE.minusMillis(100));
                    assertThat(silent.closedByServer()).isTrue();

                    greeted.call(new Request.Open("handshake", 0, "volatile"));
                    Response.Rows rows = (Response.Rows) greeted.call(new Request.QuerySql(0, "SELECT 42",
                            List.of()));
                    assertThat(rows.rows().get(0).values()).containsExactly(42L);
                }
            }
        }
    }
}
