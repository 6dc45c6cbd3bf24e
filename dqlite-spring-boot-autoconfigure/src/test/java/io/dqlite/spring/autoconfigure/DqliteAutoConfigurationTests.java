package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Node;
import io.dqlite.core.NodeRole;
import io.dqlite.core.session.LeaderSession;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

class DqliteAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void defaultsRunASingleNodeClusterThatElectsItself() {
        int port = TestNodes.freePort();
        AtomicReference<Node> started = new AtomicReference<>();
        runner.withPropertyValues("dqlite.address=127.0.0.1:" + port, "dqlite.data-directory=" + directory)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Node.class).hasSingleBean(DqliteNodeLifecycle.class);
                    Node node = context.getBean(Node.class);
                    started.set(node);
                    assertThat(node.id()).isEqualTo("1");
                    assertThat(node.status().members()).singleElement().satisfies(member -> {
                        assertThat(member.address()).isEqualTo("127.0.0.1:" + port);
                        assertThat(member.raftAddress()).isEqualTo("127.0.0.1:" + (port + 1000));
                    });
                    TestNodes.await("a leader", Duration.ofSeconds(30),
                            () -> node.isLeader() && node.leaderId().isPresent());
                    assertThat(node.leaderId()).contains("1");
                    assertThat(context.getBean(DqliteNodeLifecycle.class).isRunning()).isTrue();
                });
        assertThat(started.get().role()).isEqualTo(NodeRole.STOPPED);
    }

    @Test
    void serverPropertiesLimitTheNode() {
        runner.withPropertyValues("dqlite.address=127.0.0.1:" + TestNodes.freePort(), "dqlite.data-directory=" + directory,
                "dqlite.server.max-databases=1").run(context -> {
                    Node node = context.getBean(Node.class);
                    TestNodes.await("a leader", Duration.ofSeconds(30), node::isLeader);
                    try (LeaderSession session = node.openSession("main")) {
                        session.execSql("CREATE TABLE t(n INTEGER)", List.of());
                    }
                    assertThatThrownBy(() -> node.openSession("second")).isInstanceOf(SQLException.class)
                            .hasMessageContaining("dqlite.server.max-databases");
                });
    }

    @Test
    void nodeStartsBeforeAndStopsAfterTheWebServer() {
        // the web server starts and stops in phase DEFAULT_PHASE - 2048
        assertThat(DqliteNodeLifecycle.PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    @Test
    void dataDirectoryDefaultsToDqliteDataInTheWorkingDirectory() {
        assertThat(new DqliteProperties().getDataDirectory()).isEqualTo(Path.of("dqlite-data"));
    }

    @Test
    void connectionDetailsOfAnotherDatabaseRunNoNode() {
        JdbcConnectionDetails elsewhere = new RemoteCluster();
        runner.withPropertyValues("dqlite.address=127.0.0.1:" + TestNodes.freePort(), "dqlite.data-directory=" + directory)
                .withBean(JdbcConnectionDetails.class, () -> elsewhere)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Node.class)
                        .doesNotHaveBean(DqliteNodeLifecycle.class));
        assertThat(directory).isEmptyDirectory();
    }

    /** Connection details such as a service connection to a cluster in containers registers. */
    static final class RemoteCluster implements JdbcConnectionDetails {

        @Override
        public String getJdbcUrl() {
            return "jdbc:dqlite://127.0.0.1:9001/main";
        }

        @Override
        public String getUsername() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

    }

    @Test
    void disabledRunsNoNode() {
        runner.withPropertyValues("dqlite.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Node.class)
                        .doesNotHaveBean(DqliteNodeLifecycle.class));
    }

}
