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
 * When an address has used up its connections, a new one closes a connection that is idle, never one whose client
 * is between two requests: closing that one would leave its client's next write with an unknown outcome.
 */
class ConnectionEvictionTest {

    @TempDir
    Path dir;

    @Test
    void connectionsInUseAreNotClosedToMakeRoomButOnesNeverUsedAre() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (WireServer server = TestWireServers.start(leader,
                    WireServerSettings.defaults().withMaxConnectionsPerAddress(2));
                    RawWireClient first = RawWireClient.handshake(TestWireServers.address(server));
                    RawWireClient second = RawWireClient.handshake(TestWireServers.address(server))) {
                String address = TestWireServers.address(server);
                first.call(new Request.Open("evict", 0, "volatile"));
                first.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER)", List.of()));
                second.call(new Request.Open("evict", 0, "volatile"));

                try (RawWireClient third = RawWireClient.handshake(address)) {
                    assertThat(third.closedByServer()).as("a third connection is refused").isTrue();
                }
                assertThat(first.call(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of())))
                        .isEqualTo(new Response.Result(1, 1));
                assertThat(second.call(new Request.ExecSql(0, "INSERT INTO t VALUES(2)", List.of())))
                        .isEqualTo(new Response.Result(2, 1));

                TestCluster.await("the refused connection to leave", Duration.ofSeconds(10),
                        () -> server.connectionCount() == 2);
                second.close();
                TestCluster.await("the second connection to leave", Duration.ofSeconds(10),
                        () -> server.connectionCount() == 1);
                try (RawWireClient unused = RawWireClient.handshake(address);
                        RawWireClient newcomer = RawWireClient.handshake(address)) {
                    newcomer.call(new Request.Open("evict", 0, "volatile"));
                    assertThat(newcomer.call(new Request.ExecSql(0, "INSERT INTO t VALUES(3)", List.of())))
                            .isEqualTo(new Response.Result(3, 1));
                    assertThat(unused.closedByServer()).as("a connection never used makes room").isTrue();
                }
                assertThat(first.call(new Request.ExecSql(0, "INSERT INTO t VALUES(4)", List.of())))
                        .isEqualTo(new Response.Result(4, 1));
            }
        }
    }
}
