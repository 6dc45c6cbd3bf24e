package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
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
 * A connection that holds no transaction and sends nothing for the idle timeout is closed; one that holds a
 * transaction is not.
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

    private static String wireAddress(TestCluster cluster, Node node) {
        return cluster.members().stream().filter(m -> m.id().equals(node.id())).map(Member::wireAddress).findFirst()
                .orElseThrow();
    }
}
