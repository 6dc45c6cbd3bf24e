package io.dqlite.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.TestCluster;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.session.LeaderDatabase;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of three nodes lost for good: the survivor is recovered as the only voter, keeps every acknowledged write it
 * had, and two fresh nodes join it to make a cluster of three again.
 */
class QuorumLossRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void theSurvivorRecoveredAloneKeepsEveryAcknowledgedWriteAndNewNodesJoinIt() throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        Member survivor;
        Path survivorDirectory;
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase database = leader.database("ledger");
            database.execute(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("CREATE TABLE entries (id INTEGER PRIMARY KEY)");
                }
            });
            for (long id = 1; id <= 200; id++) {
                long entry = id;
                database.execute(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO entries VALUES (?)")) {
                        insert.setLong(1, entry);
                        return insert.executeUpdate();
                    }
                });
                acknowledged.add(id);
            }
            // the survivor is the leader itself: every acknowledged write is in its log
            survivor = cluster.members().stream().filter(member -> member.id().equals(leader.id())).findFirst()
                    .orElseThrow();
            survivorDirectory = directory.resolve("cluster").resolve("node-" + survivor.id());
            for (Member member : cluster.members()) {
                cluster.stop(member.id());
            }
        }

        NodeConfig alone = new NodeConfig(survivor.id(), survivorDirectory, List.of(survivor),
                TestCluster.testTiming(), ReplicationSettings.defaults());
        assertThat(Node.recover(alone)).as("the index of the forced configuration").isPositive();
        try (Node recovered = Node.start(alone)) {
            TestCluster.await("the recovered node leading", TIMEOUT, recovered::isLeader);
            assertThat(recovered.status().members()).extracting(MemberStatus::id).containsExactly(survivor.id());
            assertThat(entries(recovered)).containsExactlyElementsOf(acknowledged);

            List<Node> joined = new ArrayList<>();
            try {
                for (String id : List.of("11", "12")) {
                    Member fresh = TestCluster.joiningMember(id);
                    joined.add(Node.join(new NodeConfig(id, directory.resolve("fresh-" + id), List.of(fresh),
                            TestCluster.testTiming(), ReplicationSettings.defaults()), List.of(survivor.wireAddress())));
                }
                List<Node> all = new ArrayList<>(joined);
                all.add(recovered);
                TestCluster.await("a leader of three voters", TIMEOUT, () -> all.stream().anyMatch(node -> node.isLeader()
                        && node.status().members().stream().filter(member -> member.role() == MemberRole.VOTER)
                                .count() == 3));
                Node leader = all.stream().filter(Node::isLeader).findFirst().orElseThrow();
                leader.database("ledger").execute(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        return statement.executeUpdate("INSERT INTO entries VALUES (201)");
                    }
                });
                acknowledged.add(201L);
                long committed = leader.commitIndex();
                for (Node node : joined) {
                    TestCluster.await("node " + node.id() + " caught up", TIMEOUT,
                            () -> node.appliedIndex() >= committed);
                    assertThat(entries(node)).containsExactlyElementsOf(acknowledged);
                }
                // the three are voters: without any one of them the other two elect a leader
                leader.close();
                all.remove(leader);
                TestCluster.await("a leader among the other two", TIMEOUT, () -> all.stream().anyMatch(Node::isLeader));
            } finally {
                for (Node node : joined) {
                    node.close();
                }
            }
        }
    }

    @Test
    void aRecoveredNodeIsConfiguredAloneAndMustHaveALog() throws Exception {
        Member one = new Member("1", "127.0.0.1:1001", "127.0.0.1:1");
        Member two = new Member("2", "127.0.0.1:1002", "127.0.0.1:2");
        assertThatIllegalArgumentException().isThrownBy(() -> Node.recover(new NodeConfig("1", directory,
                List.of(one, two), TestCluster.testTiming(), ReplicationSettings.defaults())))
                .withMessageContaining("configure it alone");
        assertThatIOException().isThrownBy(() -> Node.recover(new NodeConfig("1",
                directory.resolve("empty"), List.of(one), TestCluster.testTiming(), ReplicationSettings.defaults())))
                .withMessageContaining("no Raft log");
    }

    private List<Long> entries(Node node) throws Exception {
        Path copy = directory.resolve("ledger-" + node.id() + "-" + System.nanoTime() + ".db");
        node.backup("ledger", copy);
        List<Long> ids = new ArrayList<>();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement statement = sqlite.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM entries ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
