package io.dqlite.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.TestCluster;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes meeting faults: nodes joining at the same moment, a leader elected while a standby is being made
 * a voter, a voter made a standby outliving its leader. Each ends with a cluster that elects a leader and commits.
 */
class RoleChangeFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void twoNodesJoiningALoneNodeAtOnceBothBecomeVoters() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 1, TestCluster.testTiming())) {
            Node first = ShopOrders.startWithTable(cluster, TIMEOUT);
            List<String> contacts = List.of(first.status().members().get(0).address());
            ExecutorService joiners = Executors.newFixedThreadPool(2);
            List<Node> joined = new ArrayList<>();
            try {
                Future<Node> four = joiners.submit(() -> Node.join(joinerConfig("4"), contacts));
                Future<Node> five = joiners.submit(() -> Node.join(joinerConfig("5"), contacts));
                joined.add(four.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                joined.add(five.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                assertThat(first.status().members()).filteredOn(member -> member.role() == MemberRole.VOTER)
                        .extracting(MemberStatus::id).containsExactlyInAnyOrder("1", "4", "5");

                // two of the three voters elect a leader without the first node
                cluster.stop("1");
                TestCluster.await("a leader among the joined nodes", TIMEOUT,
                        () -> joined.stream().anyMatch(Node::isLeader));
                Node leader = joined.stream().filter(Node::isLeader).findFirst().orElseThrow();
                ShopOrders.insert(leader, 1);
            } finally {
                joiners.shutdownNow();
                for (Node node : joined) {
                    node.close();
                }
            }
        }
    }

    @Test
    void aLeaderElectedWhileAStandbyIsMadeAVoterLeadsTheCluster() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            List<String> contacts = cluster.members().stream().map(Member::wireAddress).toList();
            NodeConfig standbyConfig = joinerConfig("4");
            Node standby = Node.join(standbyConfig, contacts);
            leader.assign("4", MemberRole.STANDBY);
            assertThat(TestCluster.roleSeenBy(leader, "4")).isEqualTo(MemberRole.STANDBY);

            // the standby and one voter are down: making the standby a voter cannot complete
            standby.close();
            String follower = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow().id();
            cluster.stop(follower);
            CompletableFuture<Void> promotion = CompletableFuture.runAsync(() -> {
                try {
                    leader.assign("4", MemberRole.VOTER);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TestCluster.await("the promotion to end", TIMEOUT, promotion::isDone);

            // whoever leads now, with whatever configuration its log ends in, must be able to lead
            cluster.start(follower);
            Node restartedStandby = Node.join(standbyConfig, contacts);
            try {
                TestCluster.await("a write after the failed promotion", TIMEOUT, () -> tryInsert(cluster, 2));
                Node current = cluster.awaitLeader(TIMEOUT);
                current.assign("4", MemberRole.VOTER);
                assertThat(TestCluster.roleSeenBy(current, "4")).isEqualTo(MemberRole.VOTER);
            } finally {
                restartedStandby.close();
            }
        }
    }

    @Test
    void aVoterMadeAStandbyKeepsReceivingTheLogAfterItsLeaderStops() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            List<String> contacts = cluster.members().stream().map(Member::wireAddress).toList();
            Node demoted = Node.join(joinerConfig("4"), contacts);
            try {
                leader.assign("4", MemberRole.STANDBY);
                // no leader for several election timeouts: the standby's election timer, if it has one, fires
                String follower = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow()
                        .id();
                cluster.stop(leader.id());
                cluster.stop(follower);
                Thread.sleep(TestCluster.testTiming().electionTimeoutMax().multipliedBy(4).toMillis());
                cluster.start(follower);
                TestCluster.await("a write through a new leader", TIMEOUT, () -> tryInsert(cluster, 3));
                Node current = cluster.awaitLeader(TIMEOUT);
                long committed = current.commitIndex();
                TestCluster.await("the standby applying the new leader's log", TIMEOUT,
                        () -> demoted.appliedIndex() >= committed);
                assertThat(TestCluster.roleSeenBy(current, "4")).isEqualTo(MemberRole.STANDBY);
            } finally {
                demoted.close();
            }
        }
    }

    @Test
    void aJoinedNodeTakenOutWhileDownAsksToBeAddedAgainWhenItRestarts() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            List<String> contacts = cluster.members().stream().map(Member::wireAddress).toList();
            NodeConfig config = joinerConfig("4");
            Node.join(config, contacts).close();
            leader.removeMember("4");
            ShopOrders.insert(leader, 4);

            try (Node restarted = Node.join(config, contacts)) {
                assertThat(TestCluster.roleSeenBy(leader, "4")).isEqualTo(MemberRole.VOTER);
                long committed = leader.commitIndex();
                TestCluster.await("node 4 applying the log again", TIMEOUT,
                        () -> restarted.appliedIndex() >= committed);
            }
        }
    }

    private NodeConfig joinerConfig(String id) throws java.io.IOException {
        return new NodeConfig(id, directory.resolve("node-" + id), List.of(TestCluster.joiningMember(id)),
                TestCluster.testTiming(), ReplicationSettings.defaults());
    }

    private static boolean tryInsert(TestCluster cluster, int id) {
        for (Node node : cluster.nodes()) {
            if (node.isLeader()) {
                try {
                    ShopOrders.insert(node, id);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }
        }
        return false;
    }
}
