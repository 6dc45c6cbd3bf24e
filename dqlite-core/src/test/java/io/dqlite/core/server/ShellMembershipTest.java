package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.jdbc.LeadershipLostException;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership through dqlite's shell and the wire protocol: roles listed by {@code .cluster}, a member or spare removed
 * with {@code .remove}, a weight set and described; and removal from Java.
 */
class ShellMembershipTest {

    @TempDir
    Path directory;

    @Test
    void theShellSetsAndDescribesANodesWeight() throws Exception {
        assumeTrue(DqliteShell.installed(), "the dqlite shell is not installed: apt-get install go-dqlite");
        try (TestCluster cluster = new TestCluster(directory, 3, TestCluster.testTiming())) {
            cluster.startAll();
            cluster.awaitLeader(Duration.ofSeconds(30));
            List<String> servers = cluster.members().stream().map(Member::wireAddress).toList();
            String described = servers.get(1);

            assertThat(DqliteShell.run(servers, "members", ".describe " + described).text())
                    .contains("\"FailureDomain\": 0").contains("\"Weight\": 0");
            DqliteShell.Output weighed = DqliteShell.run(servers, "members", ".weight " + described + " 7");
            assertThat(weighed.exitCode()).as(weighed.text()).isZero();
            assertThat(DqliteShell.run(servers, "members", ".describe " + described).text())
                    .contains("\"Weight\": 7");
        }
    }

    @Test
    void theShellListsEveryRoleAndRemovesASpare() throws Exception {
        assumeTrue(DqliteShell.installed(), "the dqlite shell is not installed: apt-get install go-dqlite");
        try (TestCluster cluster = new TestCluster(directory, 4, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            List<String> servers = cluster.members().stream().map(Member::wireAddress).toList();
            List<Member> followers = cluster.members().stream().filter(member -> !member.id().equals(leader.id()))
                    .toList();
            leader.assign(followers.get(0).id(), MemberRole.STANDBY);
            leader.assign(followers.get(1).id(), MemberRole.SPARE);

            // the shell prints JSON: dqlite's roles are 0 voter, 1 standby, 2 spare
            String members = DqliteShell.run(servers, "members", ".cluster").text();
            String self = cluster.members().stream().filter(member -> member.id().equals(leader.id())).findFirst()
                    .orElseThrow().wireAddress();
            assertThat(members).containsPattern(role(self, 0)).containsPattern(role(followers.get(0).wireAddress(), 1))
                    .containsPattern(role(followers.get(1).wireAddress(), 2))
                    .containsPattern(role(followers.get(2).wireAddress(), 0));

            DqliteShell.Output remove = DqliteShell.run(servers, "members", ".remove " + followers.get(1).wireAddress());
            assertThat(remove.exitCode()).as(remove.text()).isZero();
            assertThat(leader.status().members()).extracting(MemberStatus::id).doesNotContain(followers.get(1).id());
        }
    }

    @Test
    void theShellRemovesAFollowerAndTheOtherTwoKeepCommitting() throws Exception {
        assumeTrue(DqliteShell.installed(), "the dqlite shell is not installed: apt-get install go-dqlite");
        try (TestCluster cluster = new TestCluster(directory, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            List<String> servers = cluster.members().stream().map(Member::wireAddress).toList();
            Member removed = cluster.members().stream().filter(member -> !member.id().equals(leader.id()))
                    .findFirst().orElseThrow();

            DqliteShell.Output remove = DqliteShell.run(servers, "members", ".remove " + removed.wireAddress());

            assertThat(remove.exitCode()).as(remove.text()).isZero();
            TestCluster.await("the configuration without node " + removed.id(), Duration.ofSeconds(30),
                    () -> leader.status().members().stream().map(MemberStatus::id).noneMatch(removed.id()::equals));
            DqliteShell.Output members = DqliteShell.run(servers, "members", ".cluster");
            assertThat(members.text()).doesNotContain(removed.wireAddress());
            // the removed node is out of the quorum: stopping it leaves the other two a majority of two
            cluster.stop(removed.id());
            leader.database("members").execute(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("CREATE TABLE kept (id INTEGER PRIMARY KEY)");
                }
            });
            assertThat(DqliteShell.run(servers, "members", ".remove 127.0.0.1:1").text())
                    .contains("no node has address");
        }
    }

    @Test
    void javaRemovalRefusesTheLeaderUnknownNodesAndFollowers() throws Exception {
        try (TestCluster cluster = new TestCluster(directory, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            Node follower = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow();
            assertThatThrownBy(() -> leader.removeMember(leader.id())).hasMessageContaining("transfer leadership");
            assertThatThrownBy(() -> leader.removeMember("no-such-node")).hasMessageContaining("not a member");
            assertThatThrownBy(() -> follower.removeMember(leader.id())).isInstanceOf(LeadershipLostException.class);
            leader.removeMember(follower.id());
            assertThat(leader.status().members()).extracting(MemberStatus::id).doesNotContain(follower.id())
                    .hasSize(2);
        }
    }

    private static String role(String address, int role) {
        return "\"Address\": \"" + Pattern.quote(address) + "\",\\s*\"Role\": " + role;
    }
}
