package io.dqlite.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.TestCluster;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.ClusterAdmin;
import io.dqlite.jdbc.protocol.NodeRole;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with only the addresses of a running cluster joins it: added without a vote, caught up, made a
 * voter; it restarts as a member; the wire protocol's ASSIGN moves it between voter, standby and spare.
 */
class JoinClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void aNewNodeJoinsCatchesUpVotesAndRestartsAsAMember() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            leader.database("shop").execute(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
                    return statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                            + " WHERE i < 500) INSERT INTO orders SELECT i, 'item ' || i FROM n");
                }
            });
            List<String> contacts = cluster.members().stream().map(Member::wireAddress).toList();
            NodeConfig config = joinerConfig("4", directory.resolve("node-4"));

            Node joined = Node.join(config, contacts);
            try {
                TestCluster.await("node 4 a voter on the leader", TIMEOUT, () -> TestCluster.roleSeenBy(leader, "4") == MemberRole.VOTER);
                long committed = leader.commitIndex();
                TestCluster.await("node 4 applied the log", TIMEOUT, () -> joined.appliedIndex() >= committed);
                assertThat(orders(joined)).isEqualTo(500);

                ClusterAdmin admin = new ClusterAdmin(contacts, ClientSettings.defaults());
                admin.assign(4, NodeRole.STANDBY);
                assertThat(TestCluster.roleSeenBy(leader, "4")).isEqualTo(MemberRole.STANDBY);
                admin.assign(4, NodeRole.SPARE);
                assertThat(TestCluster.roleSeenBy(leader, "4")).isEqualTo(MemberRole.SPARE);
                admin.assign(4, NodeRole.VOTER);
                assertThat(TestCluster.roleSeenBy(leader, "4")).isEqualTo(MemberRole.VOTER);
            } finally {
                joined.close();
            }

            // a restart finds its Raft log and comes back as the member it is
            Node restarted = Node.join(config, List.of("127.0.0.1:1"));
            try {
                TestCluster.await("node 4 following again", TIMEOUT, () -> restarted.leaderId().isPresent());
                assertThat(leader.status().members()).extracting(MemberStatus::id).containsOnlyOnce("4");
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void aJoiningNodeNeedsANumericIdAndTheDefaultRaftPort() throws Exception {
        Member joining = TestCluster.joiningMember("5");
        Member wrongPort = new Member("5", "127.0.0.1:1", joining.wireAddress());
        assertThatIllegalArgumentException().isThrownBy(() -> Node.join(new NodeConfig("5", directory, List.of(wrongPort),
                TestCluster.testTiming(), ReplicationSettings.defaults()), List.of("127.0.0.1:1")))
                .withMessageContaining("wire port + 1000");
        Member named = Member.withDefaultRaftPort("shop-4", joining.wireAddress());
        assertThatIllegalArgumentException().isThrownBy(() -> Node.join(new NodeConfig("shop-4", directory,
                List.of(named), TestCluster.testTiming(), ReplicationSettings.defaults()), List.of("127.0.0.1:1")))
                .withMessageContaining("must be a positive number");
    }

    private static NodeConfig joinerConfig(String id, Path directory) throws IOException {
        Member self = TestCluster.joiningMember(id);
        return new NodeConfig(id, directory, List.of(self), TestCluster.testTiming(), ReplicationSettings.defaults());
    }

    private long orders(Node node) throws Exception {
        Path copy = directory.resolve("orders-" + node.id() + ".db");
        node.backup("shop", copy);
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement statement = sqlite.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM orders")) {
            count.next();
            return count.getLong(1);
        }
    }
}
