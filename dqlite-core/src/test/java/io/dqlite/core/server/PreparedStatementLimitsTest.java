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
 * A client that prepares statement after statement (of 32 MiB, which SQLite would refuse anyway, and of just
 * under SQLite's own limit of 1,000,000 bytes) is refused, with an error naming the limit, once the SQL its
 * connection holds would pass the default 8 MiB: the node's heap stays bounded and it keeps serving others.
 */
class PreparedStatementLimitsTest {

    private static final int MIB = 1024 * 1024;
    private static final int HUGE_PREPARES = 40;
    private static final int LARGE_PREPARES = 200;

    @TempDir
    Path dir;

    @Test
    void preparesPastTheSqlLimitAreRefusedAndTheHeapStaysBounded() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String address = cluster.members().stream().filter(m -> m.id().equals(leader.id()))
                    .map(Member::wireAddress).findFirst().orElseThrow();
            // just under the 32 MiB a message may carry, with the database id and the string's padding
            String huge = "SELECT length('" + "x".repeat(32 * MIB - 64) + "')";
            // just under the 1,000,000 bytes of SQL that sqlite-jdbc's SQLite compiles
            String large = "SELECT length('" + "y".repeat(999_000) + "')";
            try (RawWireClient other = RawWireClient.handshake(address)) {
                other.call(new Request.Open("prepared", 0, "volatile"));
                other.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER)", List.of()));
                long before = usedHeapAfterGc();
                try (RawWireClient greedy = RawWireClient.handshake(address)) {
                    greedy.call(new Request.Open("prepared", 0, "volatile"));
                    Outcome huges = prepare(greedy, huge, HUGE_PREPARES);
                    Outcome larges = prepare(greedy, large, LARGE_PREPARES);
                    long after = usedHeapAfterGc();
                    System.out.printf("PREPAREs of 32 MiB: %s; PREPAREs of 999,000 bytes: %s; used heap %d MiB"
                            + " before, %d MiB after%n", huges, larges, before / MIB, after / MIB);

                    assertThat(huges.accepted()).isZero();
                    assertThat(huges.refusal()).contains("maxPreparedSqlBytes")
                            .contains("dqlite.server.max-prepared-sql-size");
                    assertThat(larges.accepted()).isEqualTo(8);
                    assertThat(larges.refusal()).contains("dqlite.server.max-prepared-sql-size");
                    assertThat(after - before).isLessThan(32L * MIB);
                    assertThat(greedy.call(new Request.Prepare(0, "SELECT 1"))).isInstanceOf(Response.Stmt.class);
                    assertThat(other.call(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of())))
                            .isInstanceOf(Response.Result.class);
                }
            }
            assertThat(leader.isLeader()).isTrue();
        }
    }

    /** How many of a run of PREPAREs were accepted, and the first refusal's message. */
    private record Outcome(int accepted, String refusal) {
    }

    private static Outcome prepare(RawWireClient client, String sql, int times) throws IOException {
        int accepted = 0;
        String refusal = null;
        for (int i = 0; i < times; i++) {
            Response response = client.call(new Request.Prepare(0, sql));
            if (response instanceof Response.Stmt) {
                accepted++;
            } else if (refusal == null) {
                refusal = ((Response.Failure) response).message();
            }
        }
        return new Outcome(accepted, refusal);
    }

    @Test
    void preparesPastTheStatementCountAreRefused() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.setServer(WireServerSettings.defaults().withMaxPreparedStatements(100));
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String address = cluster.members().stream().filter(m -> m.id().equals(leader.id()))
                    .map(Member::wireAddress).findFirst().orElseThrow();
            try (RawWireClient client = RawWireClient.handshake(address)) {
                client.call(new Request.Open("one", 0, "volatile"));
                client.call(new Request.Open("two", 0, "volatile"));
                for (int i = 0; i < 100; i++) {
                    assertThat(client.call(new Request.Prepare(i % 2, "SELECT " + i))).isInstanceOf(Response.Stmt.class);
                }

                Response refused = client.call(new Request.Prepare(1, "SELECT 'one too many'"));

                assertThat(refused).isInstanceOf(Response.Failure.class);
                assertThat(((Response.Failure) refused).message()).contains("100 prepared statements")
                        .contains("dqlite.server.max-prepared-statements");
                assertThat(client.call(new Request.Finalize(0, 0))).isInstanceOf(Response.Empty.class);
                assertThat(client.call(new Request.Prepare(1, "SELECT 'room again'"))).isInstanceOf(Response.Stmt.class);
            }
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
