package io.dqlite.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DqliteMetricsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void bindsMetersThatFollowCommitsSnapshotsAndTheRole() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new)).run(context -> {
            Node node = context.getBean(Node.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new DqliteMetrics(node).bindTo(registry);
            TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.isLeader() && node.leaderId().isPresent());
            TestNodes.execute(node, "main", "CREATE TABLE t (x)");
            TestNodes.execute(node, "main", "INSERT INTO t VALUES (1)");
            node.takeSnapshot();
            assertThat(registry.get("dqlite.role").tag("node", "1").tag("role", "leader").gauge().value()).isEqualTo(1);
            assertThat(registry.get("dqlite.role").tag("role", "follower").gauge().value()).isZero();
            assertThat(registry.get("dqlite.term").gauge().value()).isPositive();
            assertThat(registry.get("dqlite.commit.index").gauge().value()).isPositive();
            assertThat(registry.get("dqlite.applied.index").gauge().value()).isPositive();
            assertThat(registry.get("dqlite.commit.latency").timer().count()).isGreaterThanOrEqualTo(2);
            assertThat(registry.get("dqlite.committed.entries").counter().count()).isGreaterThanOrEqualTo(2);
            assertThat(registry.get("dqlite.committed.bytes").counter().count()).isPositive();
            assertThat(registry.get("dqlite.snapshot.duration").timer().count()).isEqualTo(1);
            assertThat(registry.get("dqlite.snapshot.size").summary().totalAmount()).isPositive();
            assertThat(registry.get("dqlite.leader.changes").counter()).isNotNull();
        });
    }

}
