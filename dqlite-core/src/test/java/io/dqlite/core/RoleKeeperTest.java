package io.dqlite.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.roles.RoleChange;
import io.dqlite.core.roles.RoleTargets;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.jdbc.client.ClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper of automatic roles decides a change on one view of the cluster and makes it a moment later; an
 * operator's assignment in between wins, and the keeper's stale decision changes nothing.
 */
class RoleKeeperTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aChangeDecidedBeforeAnOperatorsAssignmentLeavesTheMemberInTheRoleTheOperatorGaveIt() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            String member = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow().id();
            RoleKeeper keeper = new RoleKeeper(leader, new RoleTargets(3, 0, Duration.ofSeconds(5)),
                    ClientSettings.defaults());

            leader.assign(member, MemberRole.SPARE);
            NodeStatus seen = leader.status();
            // decided on the view with the spare, then overtaken by the operator making it a voter
            leader.assign(member, MemberRole.VOTER);
            keeper.apply(new RoleChange.Enlist(member), seen);
            assertThat(TestCluster.roleSeenBy(leader, member)).isEqualTo(MemberRole.VOTER);

            // decided on the view the keeper acts on, it is made
            keeper.apply(new RoleChange.Demote(member), leader.status());
            assertThat(TestCluster.roleSeenBy(leader, member)).isEqualTo(MemberRole.STANDBY);
        }
    }
}
