package io.dqlite.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.health.DqliteHealthContributorAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DqliteHealthIndicatorTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteHealthContributorAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void upWhenTheNodeKnowsALeaderAndHasAppliedTheLog() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new)).run(context -> {
            Node node = context.getBean(Node.class);
            TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.leaderId().isPresent());
            DqliteHealthIndicator indicator = context.getBean(DqliteHealthIndicator.class);
            TestNodes.await("UP", Duration.ofSeconds(10), () -> indicator.health(true).getStatus().equals(Status.UP));
            Health health = indicator.health(true);
            assertThat(health.getDetails()).containsEntry("leader", "1").containsEntry("role", "leader")
                    .containsKeys("term", "commitIndex", "appliedIndex");
        });
    }

    @Test
    void downWithTheReasonWhenNoLeaderIsKnown() {
        int[] ports = { TestNodes.freePort(), TestNodes.freePort() };
        runner.withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues("dqlite.node-id=1", "dqlite.data-directory=" + directory,
                        "dqlite.members[0].id=1", "dqlite.members[0].address=127.0.0.1:" + ports[0],
                        "dqlite.members[0].raft-address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[1].id=2", "dqlite.members[1].address=127.0.0.1:" + ports[1],
                        "dqlite.members[1].raft-address=127.0.0.1:" + TestNodes.freePort())
                .run(context -> {
                    Health health = context.getBean(DqliteHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("reason", "node 1 knows no leader");
                });
    }


    @Test
    void namesTheMembersWhoseHostDoesNotResolve() {
        runner.withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues("dqlite.node-id=1", "dqlite.data-directory=" + directory,
                        "dqlite.members[0].id=1", "dqlite.members[0].address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[0].raft-address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[1].id=2", "dqlite.members[1].address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[1].raft-address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[2].id=3", "dqlite.members[2].address=127.0.0.l:9003",
                        "dqlite.members[2].raft-address=127.0.0.l:9103")
                .run(context -> {
                    Health health = context.getBean(DqliteHealthIndicator.class).health(true);
                    assertThat(health.getDetails()).containsEntry("unresolvedMembers", List.of(
                            "member 3 at 127.0.0.l:9003: host '127.0.0.l' does not resolve",
                            "member 3 at 127.0.0.l:9103: host '127.0.0.l' does not resolve"));
                });
    }

    @Test
    void listsNoUnresolvedMembersWhenEveryHostResolves() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new)).run(context -> {
            assertThat(context.getBean(DqliteHealthIndicator.class).health(true).getDetails())
                    .doesNotContainKey("unresolvedMembers");
        });
    }

}
