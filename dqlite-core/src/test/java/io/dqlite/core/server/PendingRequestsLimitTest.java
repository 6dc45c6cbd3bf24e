package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends request after request of 32 MiB ahead of their answers, while its first request waits
 * for the writer, is cut off once its waiting requests would hold more than the default 64 MiB: the node's
 * heap stays bounded, and the requests it had queued never run.
 */
class PendingRequestsLimitTest {

    private static final int MIB = 1024 * 1024;
    private static final int AHEAD = 15;

    @TempDir
    Path dir;

    @Test
    void aClientThatQueuesRequestsPastTheByteLimitIsCutOff() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String address = cluster.members().stream().filter(m -> m.id().equals(leader.id()))
                    .map(Member::wireAddress).findFirst().orElseThrow();
            // just under the 32 MiB a message may carry; it would insert a row, were it ever run
            String huge = "INSERT INTO t VALUES(length('" + "x".repeat(32 * MIB - 128) + "'))";
            byte[] ahead = RawWireClient.encoded(new Request.ExecSql(0, huge, List.of()));
            try (RawWireClient holder = RawWireClient.handshake(address);
                    RawWireClient pipeliner = RawWireClient.handshake(address)) {
                holder.call(new Request.Open("pending", 0, "volatile"));
                holder.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER)", List.of()));
                holder.call(new Request.ExecSql(0, "BEGIN", List.of()));
                holder.call(new Request.ExecSql(0, "INSERT INTO t VALUES(0)", List.of()));
                pipeliner.call(new Request.Open("pending", 0, "volatile"));
                long before = usedHeapAfterGc();

                // waits for the writer, which the holder's transaction keeps
                pipeliner.send(RawWireClient.encoded(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of())));
                int sent = 0;
                try {
                    for (; sent < AHEAD; sent++) {
                        pipeliner.send(ahead);
                    }
                } catch (IOException e) {
                    // cut off while sending: the point
                }
                long queued = usedHeapAfterGc();
                System.out.printf("sent %d of %d requests of 32 MiB ahead; used heap %d MiB before, %d MiB with them"
                        + " sent%n", sent, AHEAD, before / MIB, queued / MIB);
                assertThat(queued - before).isLessThan(128L * MIB);

                holder.call(new Request.ExecSql(0, "COMMIT", List.of()));
                assertThat(pipeliner.closedByServer()).isTrue();
                Response.Rows rows = (Response.Rows) holder.call(new Request.QuerySql(0, "SELECT count(*) FROM t"
                        + " WHERE n > 1", List.of()));
                assertThat(rows.rows().get(0).values()).containsExactly(0L);
            }
            assertThat(leader.isLeader()).isTrue();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
