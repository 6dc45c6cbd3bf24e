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

/** A fourth instance started with {@code dqlite.join} joins a running cluster of three as a voter and serves SQL. */
class JoinPropertyTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void anInstanceWithDqliteJoinBecomesAVoterAndServes() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, Instance.class, "dqlite.database=shop")) {
            Node leader = cluster.contexts().get(0).getBean(Node.class);
            TestNodes.await("a leader", TIMEOUT, () -> leader.leaderId().isPresent());
            String contacts = String.join(",", leader.status().members().stream().map(MemberStatus::address).toList());
            cluster.follower().getBean(JdbcTemplate.class).execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)");

            try (AnnotationConfigApplicationContext joining = new AnnotationConfigApplicationContext()) {
                TestPropertyValues.of(TestNodes.fastElections()).and("dqlite.database=shop", "dqlite.node-id=4",
                        "dqlite.address=127.0.0.1:" + TestNodes.joiningWirePort(), "dqlite.join=" + contacts,
                        "dqlite.data-directory=" + directory.resolve("node-4")).applyTo(joining);
                joining.register(Instance.class);
                joining.refresh();

                Node joined = joining.getBean(Node.class);
                TestNodes.await("node 4 a voter", TIMEOUT, () -> joined.status().members().stream()
                        .anyMatch(member -> member.id().equals("4") && member.role() == MemberRole.VOTER));
                JdbcTemplate jdbc = joining.getBean(JdbcTemplate.class);
                jdbc.update("INSERT INTO orders (id) VALUES (1)");
                assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Long.class)).isEqualTo(1);
                assertThat(joined.status().members()).extracting(MemberStatus::id)
                        .containsExactlyInAnyOrderElementsOf(List.of("1", "2", "3", "4"));
            }
        }
    }

    /** One instance: the node, its DataSource and a JdbcTemplate. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class })
    static class Instance {
    }
}
