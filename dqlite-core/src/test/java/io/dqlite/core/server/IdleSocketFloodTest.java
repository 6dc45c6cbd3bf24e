package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of idle sockets from one address, some that never send the handshake and some that send it and
 * then nothing, do not lock a well-behaved client out: it is served within a second.
 */
class IdleSocketFloodTest {

    private static final int IDLE_SOCKETS = 300;

    @TempDir
    Path dir;

    @Test
    void aWellBehavedClientIsServedWhileHundredsOfIdleSocketsAreOpen() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String address = cluster.members().stream().filter(m -> m.id().equals(leader.id()))
                    .map(Member::wireAddress).findFirst().orElseThrow();
            try (RawWireClient setup = RawWireClient.handshake(address)) {
                setup.call(new Request.Open("flood", 0, "volatile"));
                setup.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER)", List.of()));
            }
            List<RawWireClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < IDLE_SOCKETS; i++) {
                    idle.add(i % 2 == 0 ? RawWireClient.connect(address) : RawWireClient.handshake(address));
                }
                // timed from behind the idle sockets in the listen queue: accepting them counts too
                long start = System.nanoTime();
                try (RawWireClient client = RawWireClient.handshake(address)) {
                    assertThat(client.call(new Request.Open("flood", 0, "volatile"))).isEqualTo(new Response.Db(0));
                    assertThat(client.call(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of())))
                            .isInstanceOf(Response.Result.class);
                    Response.Rows rows = (Response.Rows) client.call(new Request.QuerySql(0, "SELECT count(*) FROM t",
                            List.of()));
                    assertThat(rows.rows().get(0).values()).containsExactly(1L);
                }
                Duration served = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("served within %d ms beside %d idle sockets (%d connections open)%n",
                        served.toMillis(), IDLE_SOCKETS, leader.wireConnectionCount());
                assertThat(served).isLessThan(Duration.ofSeconds(1));
            } finally {
                for (RawWireClient socket : idle) {
                    socket.close();
                }
            }
            assertThat(leader.isLeader()).isTrue();
        }
    }
}
