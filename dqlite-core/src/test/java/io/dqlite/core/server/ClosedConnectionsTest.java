package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections the driver's clients close leave the leader's wire server, however busy they were. */
class ClosedConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void busyClientsThatCloseTheirConnectionsLeaveNoneOpen() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String url = "jdbc:dqlite://" + cluster.members().stream().map(Member::wireAddress)
                    .collect(Collectors.joining(",")) + "/closing";
            try (Connection setup = DriverManager.getConnection(url); Statement statement = setup.createStatement()) {
                statement.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");
            }
            for (int round = 0; round < 3; round++) {
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    Thread client = new Thread(() -> {
                        try (Connection connection = DriverManager.getConnection(url);
                                PreparedStatement write = connection.prepareStatement("INSERT INTO t(v) VALUES(?)");
                                PreparedStatement read = connection.prepareStatement("SELECT v FROM t WHERE k = ?")) {
                            for (int n = 0; n < 50; n++) {
                                write.setString(1, "x".repeat(1024));
                                write.executeUpdate();
                                read.setLong(1, n + 1);
                                try (ResultSet rows = read.executeQuery()) {
                                    rows.next();
                                }
                            }
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
                    clients.add(client);
                    client.start();
                }
                for (Thread client : clients) {
                    client.join();
                }
                TestCluster.await("the closed connections to leave", Duration.ofSeconds(10),
                        () -> cluster.nodes().stream().mapToInt(Node::wireConnectionCount).sum() == 0);
            }
            assertThat(leader.isLeader()).isTrue();
        }
    }
}
