package io.dqlite.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.TestCluster;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.status.MemberRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured members bootstrap a new cluster only: a node restarted with a members list that gives a member of
 * its cluster (voter, standby or spare) other addresses refuses to start, saying how to change membership, instead
 * of ignoring the list; every member restarts with the list that bootstrapped the cluster, whatever roles the
 * members have since.
 */
class ConfiguredMembersTest {

    @TempDir
    Path directory;

    @Test
    void aRestartWithOtherMembersIsRefusedAndOneWithTheSameMembersStarts() throws Exception {
        try (TestCluster cluster = new TestCluster(directory, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String restarted = cluster.members().stream().map(Member::id).filter(id -> !id.equals(leader.id()))
                    .findFirst().orElseThrow();
            // once the node has applied the leader's first entries, its log holds the cluster's configuration; a
            // leader just elected may not have committed its first entry yet, and a restart with an empty log
            // would bootstrap anew instead of being refused
            TestCluster.await("the leader's first commit", Duration.ofSeconds(30), () -> leader.commitIndex() >= 0);
            long committed = leader.commitIndex();
            TestCluster.await("node " + restarted + " caught up", Duration.ofSeconds(30),
                    () -> cluster.node(restarted).appliedIndex() >= committed);
            cluster.stop(restarted);
            List<Member> moved = new ArrayList<>(cluster.members());
            Member third = moved.remove(2);
            moved.add(new Member(third.id(), third.raftAddress(), "127.0.0.1:1"));
            NodeConfig changed = new NodeConfig(restarted, directory.resolve("node-" + restarted), moved,
                    TestCluster.testTiming(), ReplicationSettings.defaults());

            assertThatIllegalStateException().isThrownBy(() -> Node.start(changed))
                    .withMessageContaining("holds a cluster of members")
                    .withMessageContaining("127.0.0.1:1")
                    .withMessageContaining("only bootstrap a new cluster");

            Node same = cluster.start(restarted);
            TestCluster.await("node " + restarted + " following again", Duration.ofSeconds(30),
                    () -> same.leaderId().isPresent());
            assertThat(same.status().members()).hasSize(3);
        }
    }
    @Test
    void everyMemberRestartsWithTheConfiguredMembersWhileOneOfThemIsAStandby() throws Exception {
        try (TestCluster cluster = new TestCluster(directory, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            List<String> others = cluster.members().stream().map(Member::id).filter(id -> !id.equals(leader.id()))
                    .toList();
            String standby = others.get(0);
            leader.assign(standby, MemberRole.STANDBY);
            long committed = leader.commitIndex();
            for (String id : others) {
                TestCluster.await("node " + id + " applied the standby", Duration.ofSeconds(30),
                        () -> cluster.node(id).appliedIndex() >= committed
                                && TestCluster.roleSeenBy(cluster.node(id), standby) == MemberRole.STANDBY);
            }

            for (String id : others) {
                cluster.stop(id);
                Node restarted = cluster.start(id);
                TestCluster.await("node " + id + " following again", Duration.ofSeconds(30),
                        () -> restarted.leaderId().isPresent());
                assertThat(TestCluster.roleSeenBy(restarted, standby)).as("seen by node %s", id)
                        .isEqualTo(MemberRole.STANDBY);
            }

            String voter = others.get(1);
            cluster.stop(voter);
            List<Member> moved = new ArrayList<>();
            for (Member member : cluster.members()) {
                moved.add(member.id().equals(standby) ? new Member(standby, member.raftAddress(), "127.0.0.1:1")
                        : member);
            }
            NodeConfig changed = new NodeConfig(voter, directory.resolve("node-" + voter), moved,
                    TestCluster.testTiming(), ReplicationSettings.defaults());
            assertThatIllegalStateException().as("the standby configured at another address")
                    .isThrownBy(() -> Node.start(changed)).withMessageContaining("127.0.0.1:1");
        }
    }
}
