package io.dqlite.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fourth instance started with {@code dqlite.join} joins a running cluster of three as a spare, is made a standby
 * (the cluster has fewer than its three standbys), serves SQL, and is made a voter when a voter leaves; the voter lost
 * is made a spare.
 */
class JoinPropertyTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void anInstanceWithDqliteJoinServesAndIsPromotedWhenAVoterLeaves() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, Instance.class, "dqlite.database=shop",
                "dqlite.roles.lost-after=2s")) {
            Node leader = cluster.contexts().get(0).getBean(Node.class);
            TestNodes.await("a leader", TIMEOUT, () -> leader.leaderId().isPresent());
            String contacts = String.join(",", leader.status().members().stream().map(MemberStatus::address).toList());
            cluster.follower().getBean(JdbcTemplate.class).execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)");

            try (AnnotationConfigApplicationContext joining = startJoining(contacts, "dqlite.roles.lost-after=2s")) {
                Node joined = joining.getBean(Node.class);
                TestNodes.await("node 4 a standby", TIMEOUT, () -> role(joined, "4") == MemberRole.STANDBY);
                JdbcTemplate jdbc = joining.getBean(JdbcTemplate.class);
                jdbc.update("INSERT INTO orders (id) VALUES (1)");
                assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Long.class)).isEqualTo(1);
                assertThat(joined.status().members()).extracting(MemberStatus::id)
                        .containsExactlyInAnyOrderElementsOf(List.of("1", "2", "3", "4"));

                // a voter goes away for good (its process dies): the leader makes the standby a voter
                AnnotationConfigApplicationContext lost = cluster.follower();
                String lostId = lost.getBean(Node.class).id();
                lost.getBean(Node.class).close();
                TestNodes.await("node 4 a voter", TIMEOUT, () -> role(joined, "4") == MemberRole.VOTER);
                TestNodes.await("the lost voter a spare", TIMEOUT, () -> role(joined, lostId) == MemberRole.SPARE);
                jdbc.update("INSERT INTO orders (id) VALUES (2)");
            }
        }
    }

    @Test
    void aVoterThatStopsHandsItsVoteToAStandbyFirst() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, Instance.class, "dqlite.database=shop")) {
            Node leader = cluster.contexts().get(0).getBean(Node.class);
            TestNodes.await("a leader", TIMEOUT, () -> leader.leaderId().isPresent());
            String contacts = String.join(",", leader.status().members().stream().map(MemberStatus::address).toList());
            try (AnnotationConfigApplicationContext joining = startJoining(contacts)) {
                Node joined = joining.getBean(Node.class);
                TestNodes.await("node 4 a standby", TIMEOUT, () -> role(joined, "4") == MemberRole.STANDBY);

                // a graceful stop: the stopping voter is a standby, and node 4 a voter, before it is gone
                AnnotationConfigApplicationContext stopping = cluster.follower();
                String stoppingId = stopping.getBean(Node.class).id();
                stopping.close();
                // the change is committed before the stop ends, so the leader shows it; node 4 hears of it next
                Node current = cluster.contexts().stream().filter(AnnotationConfigApplicationContext::isActive)
                        .map(context -> context.getBean(Node.class)).filter(Node::isLeader).findFirst().orElseThrow();
                for (Node view : List.of(current, joined)) {
                    TestNodes.await("node " + view.id() + " to see node 4 a voter", view == current ? Duration.ZERO
                            : TIMEOUT, () -> role(view, "4") == MemberRole.VOTER);
                    assertThat(role(view, stoppingId)).isEqualTo(MemberRole.STANDBY);
                    assertThat(view.status().members()).filteredOn(member -> member.role() == MemberRole.VOTER)
                            .hasSize(3);
                }
            }
        }
    }

    // a fourth instance, node 4, started with dqlite.join and {@code properties}
    private AnnotationConfigApplicationContext startJoining(String contacts, String... properties) {
        AnnotationConfigApplicationContext joining = new AnnotationConfigApplicationContext();
        TestPropertyValues.of(TestNodes.fastElections()).and("dqlite.database=shop", "dqlite.node-id=4",
                "dqlite.address=127.0.0.1:" + TestNodes.joiningWirePort(), "dqlite.join=" + contacts,
                "dqlite.data-directory=" + directory.resolve("node-4")).and(properties).applyTo(joining);
        joining.register(Instance.class);
        joining.refresh();
        return joining;
    }

    private static MemberRole role(Node node, String id) {
        return node.status().members().stream().filter(member -> member.id().equals(id)).map(MemberStatus::role)
                .findFirst().orElse(null);
    }

    /** One instance: the node, its DataSource and a JdbcTemplate. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class })
    static class Instance {
    }
}
