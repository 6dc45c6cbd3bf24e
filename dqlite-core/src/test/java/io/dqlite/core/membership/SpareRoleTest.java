package io.dqlite.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.raft.ForcedConfiguration;
import io.dqlite.core.raft.RaftWiring;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.ClusterAdmin;
import io.dqlite.jdbc.protocol.NodeInfo;
import io.dqlite.jdbc.protocol.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spare role: a member the cluster knows that neither votes nor receives the log. The list of spares is
 * replicated, so every member and every later leader knows it, through snapshots and restarts; a spare is given a role
 * again by any leader and catches up, including a voter made a spare while it was down, which must not stand for
 * election when it restarts (Ratis' leader would tell it to shut its Raft server down for good) and starts afresh.
 */
class SpareRoleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Longer than two election timeouts of the test timing: a spare that campaigned would have done so by then. */
    private static final Duration SPARE_WHILE = Duration.ofSeconds(3);

    @TempDir
    Path directory;

    private final AtomicInteger rows = new AtomicInteger();

    @Test
    void aSpareIsListedByEveryMemberReceivesNothingAndCatchesUpWhenGivenARole() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 4, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            Node spare = follower(cluster, leader);

            leader.assign(spare.id(), MemberRole.SPARE);
            for (Node node : cluster.nodes()) {
                TestCluster.await("node " + node.id() + " listing the spare", TIMEOUT,
                        () -> TestCluster.roleSeenBy(node, spare.id()) == MemberRole.SPARE);
            }
            List<String> contacts = cluster.members().stream().map(Member::wireAddress).toList();
            assertThat(new ClusterAdmin(contacts, ClientSettings.defaults()).members())
                    .filteredOn(member -> member.id() == Long.parseLong(spare.id())).extracting(NodeInfo::role)
                    .containsExactly(NodeRole.SPARE);

            // the cluster commits for a while without the spare, which receives none of it
            long spareApplied = commitFor(leader, SPARE_WHILE);
            long committed = leader.commitIndex();
            for (Node node : cluster.nodes()) {
                if (node != spare) {
                    TestCluster.await("node " + node.id() + " applying the log", TIMEOUT,
                            () -> node.appliedIndex() >= committed);
                }
            }
            assertThat(spare.appliedIndex()).as("the spare's applied index").isLessThan(spareApplied);

            // restarted, a spare whose own log leaves it out starts afresh, as a joining node; one whose log still
            // lists it keeps its log and stays out of elections; either way it catches up once given a role
            cluster.stop(spare.id());
            Node restarted = cluster.start(spare.id());
            assertThat(TestCluster.roleSeenBy(leader, spare.id())).isEqualTo(MemberRole.SPARE);
            leader.assign(spare.id(), MemberRole.STANDBY);
            TestCluster.await("the standby catching up", TIMEOUT, () -> restarted.appliedIndex() >= committed);
            leader.assign(spare.id(), MemberRole.VOTER);
            assertThat(TestCluster.roleSeenBy(leader, spare.id())).isEqualTo(MemberRole.VOTER);

            leader.assign(spare.id(), MemberRole.SPARE);
            leader.removeMember(spare.id());
            assertThat(leader.status().members()).extracting(MemberStatus::id).doesNotContain(spare.id());
            insert(leader);
        }
    }

    @Test
    void theSparesOutliveASnapshotAndARestartOfTheWholeCluster() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 4, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            String spareId = follower(cluster, leader).id();
            leader.assign(spareId, MemberRole.SPARE);
            insert(leader);
            for (Node node : cluster.nodes()) {
                TestCluster.await("node " + node.id() + " listing the spare", TIMEOUT,
                        () -> TestCluster.roleSeenBy(node, spareId) == MemberRole.SPARE);
                if (!node.id().equals(spareId)) {
                    node.takeSnapshot();
                }
            }

            // the entry that made it a spare is behind every snapshot: only the snapshots know the spares now
            for (Member member : cluster.members()) {
                cluster.stop(member.id());
            }
            for (Member member : cluster.members()) {
                cluster.start(member.id());
            }
            Node restartedLeader = awaitLeaderOfVoters(cluster, spareId);
            for (Node node : cluster.nodes()) {
                if (!node.id().equals(spareId)) {
                    TestCluster.await("node " + node.id() + " listing the spare after the restart", TIMEOUT,
                            () -> TestCluster.roleSeenBy(node, spareId) == MemberRole.SPARE);
                }
            }
            insert(restartedLeader);

            restartedLeader.assign(spareId, MemberRole.VOTER);
            long committed = restartedLeader.commitIndex();
            TestCluster.await("the spare made a voter catching up", TIMEOUT,
                    () -> cluster.node(spareId).appliedIndex() >= committed);
        }
    }

    @Test
    void aVoterMadeASpareWhileDownRestartsWithoutCampaigningAndIsGivenARoleAgain() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 4, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            String downId = follower(cluster, leader).id();
            cluster.stop(downId);
            leader.assign(downId, MemberRole.SPARE);
            insert(leader);

            // its own log still makes it a voter; it learns from the leader that it is a spare before it campaigns
            Node restarted = cluster.start(downId);
            commitFor(leader, SPARE_WHILE);
            assertThat(TestCluster.roleSeenBy(leader, downId)).isEqualTo(MemberRole.SPARE);
            assertThat(leader.isLeader()).as("the leader kept its office").isTrue();

            leader.assign(downId, MemberRole.STANDBY);
            long committed = leader.commitIndex();
            TestCluster.await("the restarted spare, made a standby, catching up", TIMEOUT,
                    () -> restarted.appliedIndex() >= committed);
            leader.assign(downId, MemberRole.VOTER);
            insert(leader);
        }
    }

    @Test
    void aSpareWhoseOwnLogLeavesItOutStartsAfreshAndCatchesUpWhenGivenARole() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 4, TestCluster.testTiming())) {
            Node leader = ShopOrders.startWithTable(cluster, TIMEOUT);
            Node spare = follower(cluster, leader);
            String spareId = spare.id();
            leader.assign(spareId, MemberRole.SPARE);
            Path groupDirectory = RaftWiring.groupDirectory(cluster.dataDirectory(spareId), spare.cluster());
            cluster.stop(spareId);
            // as if it had received the configuration that took it out: its log now ends with one without it
            new ForcedConfiguration(SizeInBytes.valueOf("64MB")).forceSingleVoter(groupDirectory,
                    cluster.members().stream().filter(member -> member.id().equals(leader.id())).findFirst()
                            .orElseThrow());
            commitFor(leader, Duration.ZERO);

            Node restarted = cluster.start(spareId);
            assertThat(restarted.appliedIndex()).as("the restarted spare's applied index").isEqualTo(-1);
            assertThat(TestCluster.roleSeenBy(restarted, spareId)).isEqualTo(MemberRole.SPARE);
            leader.assign(spareId, MemberRole.STANDBY);
            leader.assign(spareId, MemberRole.VOTER);
            long committed = leader.commitIndex();
            TestCluster.await("the spare, started afresh and made a voter, catching up", TIMEOUT,
                    () -> restarted.appliedIndex() >= committed);
            assertThat(TestCluster.roleSeenBy(leader, spareId)).isEqualTo(MemberRole.VOTER);
        }
    }

    // writes rows until {@code duration} has passed and returns the commit index before the first
    private long commitFor(Node leader, Duration duration) throws Exception {
        long before = leader.commitIndex();
        long deadline = System.nanoTime() + duration.toNanos();
        do {
            insert(leader);
        } while (System.nanoTime() < deadline);
        return before + 1;
    }

    // the spare never hears of the leader: it receives nothing
    private static Node awaitLeaderOfVoters(TestCluster cluster, String spareId) {
        List<Node> voters = cluster.nodes().stream().filter(node -> !node.id().equals(spareId)).toList();
        TestCluster.await("a leader the voters agree on", TIMEOUT, () -> voters.stream().anyMatch(Node::isLeader)
                && voters.stream().map(Node::leaderId).distinct().count() == 1);
        return voters.stream().filter(Node::isLeader).findFirst().orElseThrow();
    }

    private static Node follower(TestCluster cluster, Node leader) {
        return cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow();
    }

    private void insert(Node leader) throws Exception {
        ShopOrders.insert(leader, rows.incrementAndGet());
    }
}
