package io.dqlite.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.TestCluster;
import io.dqlite.core.raft.ClusterIdentity;
import io.dqlite.core.replication.ReplicationSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cluster has an id, stored with each node's data and used as its Raft group: a node never starts with another
 * cluster's data, never joins a cluster of another name, and data directories from before ids keep their cluster.
 */
class ClusterIdentityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void aDataDirectoryOfAnotherClusterIsRefusedAndNeverReachesTheCluster() throws Exception {
        TestCluster europe = new TestCluster(directory.resolve("europe"), 3, TestCluster.testTiming());
        Path europeanData;
        try (europe) {
            europe.setClusterName("orders-eu");
            europe.startAll();
            Node leader = europe.awaitLeader(TIMEOUT);
            execute(leader, "CREATE TABLE eu_orders (id INTEGER PRIMARY KEY)");
            for (int i = 0; i < 20; i++) {
                execute(leader, "INSERT INTO eu_orders VALUES (" + i + ")");
            }
            europeanData = europe.dataDirectory("1");
        }
        // the same hosts and ports run another cluster; node 1's disk is replaced by the European node 1's
        try (TestCluster america = TestCluster.withMembersOf(directory.resolve("america"), europe)) {
            america.setClusterName("orders-us");
            copy(europeanData, america.dataDirectory("1"));
            assertThatThrownBy(() -> america.start("1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(america.dataDirectory("1").toString())
                    .hasMessageContaining("'orders-eu' (" + ClusterIdentity.named("orders-eu").id() + ")")
                    .hasMessageContaining("'orders-us' (" + ClusterIdentity.named("orders-us").id() + ")");

            america.start("2");
            america.start("3");
            Node leader = america.awaitLeader(TIMEOUT);
            execute(leader, "CREATE TABLE us_orders (id INTEGER PRIMARY KEY)");
            assertThat(tables(leader)).containsExactly("us_orders");
            assertThat(leader.cluster()).isEqualTo(ClusterIdentity.named("orders-us"));
        }
    }

    @Test
    void aMemberThatLostItsDataTakesItsClusterFromTheOthers() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            cluster.setClusterName("orders-eu");
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            execute(leader, "CREATE TABLE eu_orders (id INTEGER PRIMARY KEY)");
            String lost = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow().id();
            cluster.stop(lost);
            deleteRecursively(cluster.dataDirectory(lost));

            cluster.setClusterName("orders-us");
            assertThatThrownBy(() -> cluster.start(lost)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'orders-eu'").hasMessageContaining("'orders-us'");
            deleteRecursively(cluster.dataDirectory(lost));

            // configured without the name, it cannot compute the cluster's id: it asks the other members
            cluster.setClusterName(null);
            // (its log is gone, so it is a new member to Raft: Ratis' leader, which remembers how far it had
            // replicated to it, does not send it the log again; remove it and let it join to bring it back)
            Node restarted = cluster.start(lost);
            assertThat(restarted.cluster()).isEqualTo(ClusterIdentity.named("orders-eu"));
            assertThat(ClusterIdentity.of(cluster.dataDirectory(lost))).contains(ClusterIdentity.named("orders-eu"));
        }
    }

    @Test
    void aJoiningNodeLearnsTheClusterIdAndRefusesAClusterOfAnotherName() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node first = cluster.awaitLeader(TIMEOUT);
            List<String> contacts = cluster.members().stream().map(Member::wireAddress).toList();
            assertThat(first.cluster().name()).isNull();

            NodeConfig named = joinerConfig("4").withClusterName("orders-eu");
            assertThatThrownBy(() -> Node.join(named, contacts))
                    .hasMessageContaining(first.cluster().id().toString())
                    .hasMessageContaining("'orders-eu'");
            assertThat(named.dataDirectory().resolve(ClusterIdentity.FILE_NAME)).doesNotExist();

            NodeConfig unnamed = joinerConfig("5");
            try (Node joined = Node.join(unnamed, contacts)) {
                assertThat(joined.cluster()).isEqualTo(first.cluster());
                assertThat(ClusterIdentity.of(unnamed.dataDirectory())).contains(first.cluster());
            }
        }
    }

    @Test
    void aDataDirectoryFromBeforeClusterIdsKeepsItsClusterAndItsData() throws Exception {
        TestCluster cluster = new TestCluster(directory.resolve("cluster"), 1, TestCluster.testTiming());
        try (cluster) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            execute(leader, "CREATE TABLE notes (id INTEGER PRIMARY KEY)");
        }
        // every cluster had the Raft group of the name "dqlite" then, and no cluster-id file
        Path data = cluster.dataDirectory("1");
        UUID shared = UUID.nameUUIDFromBytes("dqlite".getBytes(StandardCharsets.UTF_8));
        UUID current = ClusterIdentity.of(data).orElseThrow().id();
        Files.move(data.resolve("raft").resolve(current.toString()), data.resolve("raft").resolve(shared.toString()));
        Files.delete(data.resolve(ClusterIdentity.FILE_NAME));

        try (TestCluster reopened = TestCluster.reopen(directory.resolve("cluster"))) {
            reopened.startAll();
            Node leader = reopened.awaitLeader(TIMEOUT);
            assertThat(leader.cluster().id()).isEqualTo(shared);
            assertThat(tables(leader)).containsExactly("notes");
            assertThat(ClusterIdentity.of(data)).contains(new ClusterIdentity(shared, null));
        }
    }

    @Test
    void aDataDirectoryMixedFromTwoClustersIsRefused() throws Exception {
        TestCluster cluster = new TestCluster(directory.resolve("cluster"), 1, TestCluster.testTiming());
        try (cluster) {
            cluster.startAll();
            cluster.awaitLeader(TIMEOUT);
        }
        Path data = cluster.dataDirectory("1");
        UUID other = UUID.randomUUID();
        new ClusterIdentity(other, null).writeTo(data);
        try (TestCluster reopened = TestCluster.reopen(directory.resolve("cluster"))) {
            assertThatThrownBy(() -> reopened.start("1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(other.toString())
                    .hasMessageContaining("holds the Raft log of cluster");
        }
    }

    private NodeConfig joinerConfig(String id) throws java.io.IOException {
        return new NodeConfig(id, directory.resolve("node-" + id), List.of(TestCluster.joiningMember(id)),
                TestCluster.testTiming(), ReplicationSettings.defaults());
    }

    private static void execute(Node leader, String sql) throws Exception {
        leader.database("shop").execute(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(sql);
            }
        });
    }

    private static List<String> tables(Node leader) throws Exception {
        return leader.database("shop").execute(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                List<String> names = new java.util.ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            }
        });
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals("in_use.lock")) {
                    Files.copy(path, target);
                }
            }
        }
    }
}
