package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class DqliteMigrationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteMigrationAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void flywayWaitsForALeader() {
        runner.withUserConfiguration(FlywayConfiguration.class)
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean(DqliteMigrationAutoConfiguration.LEADER_AWAIT_BEAN_NAME);
                    assertThat(context.getBeanFactory().getBeanDefinition("flyway").getDependsOn())
                            .contains(DqliteMigrationAutoConfiguration.LEADER_AWAIT_BEAN_NAME);
                    assertThat(context.getBean(io.dqlite.core.Node.class).leaderId()).contains("1");
                });
    }

    @Test
    void startUpFailsNamingTheTimeoutWhenNoLeaderIsElected() {
        runner.withUserConfiguration(FlywayConfiguration.class)
                .withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues("dqlite.node-id=1", "dqlite.data-directory=" + directory,
                        "dqlite.startup.leader-timeout=2s",
                        "dqlite.members[0].id=1", "dqlite.members[0].address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[0].raft-address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[1].id=2", "dqlite.members[1].address=127.0.0.1:" + TestNodes.freePort(),
                        "dqlite.members[1].raft-address=127.0.0.1:" + TestNodes.freePort())
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("dqlite.startup.leader-timeout")
                            .hasMessageContaining("no leader elected within 2000 ms");
                });
    }

    @Test
    void noWaitWithoutAMigrationTool() {
        runner.withClassLoader(new FilteredClassLoader("org.flywaydb", "liquibase"))
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(DqliteMigrationAutoConfiguration.LEADER_AWAIT_BEAN_NAME));
    }

    @Configuration(proxyBeanMethods = false)
    static class FlywayConfiguration {

        @Bean
        Flyway flyway() {
            return Flyway.configure().load();
        }

    }

}
