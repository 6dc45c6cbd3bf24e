package io.dqlite.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.actuate.DqliteEndpointAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DqliteEndpointTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=dqlite", "dqlite.database=notes");

    @TempDir
    Path directory;

    @Test
    void readDescribesTheNodeItsClusterSnapshotAndDatabases() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new)).run(context -> {
            Node node = context.getBean(Node.class);
            DqliteEndpoint endpoint = context.getBean(DqliteEndpoint.class);
            TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.isLeader() && node.leaderId().isPresent());
            TestNodes.execute(node, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            TestNodes.execute(node, "notes", "INSERT INTO notes (body) VALUES ('hello')");
            DqliteDescriptor cluster = endpoint.cluster();
            String address = node.status().members().get(0).address();
            assertThat(cluster.nodeId()).isEqualTo("1");
            assertThat(cluster.role()).isEqualTo("leader");
            assertThat(cluster.term()).isPositive();
            assertThat(cluster.leader()).isEqualTo(new DqliteDescriptor.LeaderDescriptor("1", address));
            assertThat(cluster.members()).singleElement().satisfies(member -> {
                assertThat(member.id()).isEqualTo("1");
                assertThat(member.address()).isEqualTo(address);
                assertThat(member.raftAddress()).isNotEqualTo(address).startsWith("127.0.0.1:");
                assertThat(member.role()).isEqualTo("voter");
                assertThat(member.leader()).isTrue();
                assertThat(member.matchIndex()).isGreaterThanOrEqualTo(cluster.commitIndex());
                assertThat(member.lag()).isZero();
                assertThat(member.lastContactMillis()).isZero();
            });
            assertThat(cluster.commitIndex()).isPositive();
            assertThat(cluster.appliedIndex()).isPositive().isLessThanOrEqualTo(cluster.commitIndex());
            assertThat(cluster.snapshot()).isNull();
            assertThat(cluster.databases()).singleElement().satisfies(database -> {
                assertThat(database.name()).isEqualTo("notes");
                assertThat(database.sizeBytes()).isPositive();
            });
        });
    }

    @Test
    void snapshotOperationTakesASnapshotNow() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new)).run(context -> {
            Node node = context.getBean(Node.class);
            DqliteEndpoint endpoint = context.getBean(DqliteEndpoint.class);
            TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.isLeader() && node.leaderId().isPresent());
            TestNodes.execute(node, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            Instant before = Instant.now().minusSeconds(1);
            long applied = node.appliedIndex();
            Object index = endpoint.operate(DqliteEndpoint.SNAPSHOT, null, null, null, null).get("index");
            assertThat((Long) index).isGreaterThanOrEqualTo(applied);
            DqliteDescriptor.SnapshotDescriptor snapshot = endpoint.cluster().snapshot();
            assertThat(snapshot).isNotNull();
            assertThat(snapshot.index()).isEqualTo(index);
            assertThat(snapshot.term()).isPositive();
            assertThat(snapshot.takenAt()).isAfter(before);
            assertThat(snapshot.sizeBytes()).isPositive();
        });
    }

    @Test
    void leaderOperationRejectsUnknownNodesAndOperations() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new)).run(context -> {
            DqliteEndpoint endpoint = context.getBean(DqliteEndpoint.class);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                    .isThrownBy(() -> endpoint.operate(DqliteEndpoint.LEADER, "9", null, null, null))
                    .withMessageContaining("node 9");
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                    .isThrownBy(() -> endpoint.operate(DqliteEndpoint.LEADER, null, null, null, null));
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                    .isThrownBy(() -> endpoint.operate("vacuum", null, null, null, null)).withMessageContaining("vacuum");
        });
    }

}
