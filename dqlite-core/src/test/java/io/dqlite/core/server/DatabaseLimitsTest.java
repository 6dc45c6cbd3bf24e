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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every database a client names becomes a file on every node: past the cluster's limit on databases (100 by
 * default), or outside its list of allowed names, creating one is refused with an error naming the setting,
 * and the node keeps serving the databases it has.
 */
class DatabaseLimitsTest {

    private static final int OPENS = 10_000;
    /** A connection may open this many databases, so the OPENs are spread over connections. */
    private static final int PER_CONNECTION = 64;

    @TempDir
    Path dir;

    @Test
    void tenThousandNewDatabasesArePastTheDefaultLimit() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String address = wireAddress(cluster, leader);
            int created = 0;
            int refused = 0;
            String refusal = null;
            long start = System.nanoTime();
            for (int first = 0; first < OPENS; first += PER_CONNECTION) {
                try (RawWireClient client = RawWireClient.handshake(address)) {
                    for (int id = 0; id < PER_CONNECTION && first + id < OPENS; id++) {
                        assertThat(client.call(new Request.Open("db-" + (first + id), 0, "volatile")))
                                .isEqualTo(new Response.Db(id));
                        Response write = client.call(new Request.ExecSql(id, "CREATE TABLE t(n INTEGER)", List.of()));
                        if (write instanceof Response.Result) {
                            created++;
                        } else {
                            refused++;
                            refusal = refusal == null ? ((Response.Failure) write).message() : refusal;
                        }
                    }
                }
            }
            System.out.printf("%d OPENs and writes of new databases in %d ms: %d created, %d refused: %s%n", OPENS,
                    (System.nanoTime() - start) / 1_000_000, created, refused, refusal);

            assertThat(created).isEqualTo(100);
            assertThat(refused).isEqualTo(OPENS - 100);
            assertThat(refusal).contains("maxDatabases").contains("dqlite.server.max-databases");
            TestCluster.await("every node to hold the 100 databases", Duration.ofSeconds(30),
                    () -> cluster.nodes().stream().allMatch(node -> node.status().databases().size() == 100));
            try (RawWireClient client = RawWireClient.handshake(address)) {
                client.call(new Request.Open("db-0", 0, "volatile"));
                assertThat(client.call(new Request.ExecSql(0, "INSERT INTO t VALUES(1)", List.of())))
                        .isInstanceOf(Response.Result.class);
            }
        }
    }

    @Test
    void onlyAllowedNamesAreServed() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.setServer(WireServerSettings.defaults().withAllowedDatabases(Set.of("app")));
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (RawWireClient client = RawWireClient.handshake(wireAddress(cluster, leader))) {
                client.call(new Request.Open("app", 0, "volatile"));
                client.call(new Request.Open("other", 0, "volatile"));

                assertThat(client.call(new Request.ExecSql(0, "CREATE TABLE t(n INTEGER)", List.of())))
                        .isInstanceOf(Response.Result.class);
                Response refused = client.call(new Request.ExecSql(1, "CREATE TABLE t(n INTEGER)", List.of()));

                assertThat(refused).isInstanceOf(Response.Failure.class);
                assertThat(((Response.Failure) refused).message()).contains("'other'")
                        .contains("dqlite.server.allowed-databases");
                assertThat(leader.status().databases()).hasSize(1);
            }
        }
    }

    private static String wireAddress(TestCluster cluster, Node node) {
        return cluster.members().stream().filter(m -> m.id().equals(node.id())).map(Member::wireAddress).findFirst()
                .orElseThrow();
    }
}
