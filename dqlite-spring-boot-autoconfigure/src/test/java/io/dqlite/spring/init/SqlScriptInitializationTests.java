package io.dqlite.spring.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteSqlInitializationAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code schema.sql} and {@code data.sql} as Spring runs them for an embedded database: at start-up
 * with the default mode, after a leader is elected (waiting {@code dqlite.startup.leader-timeout},
 * not the driver's 10 s), and once however many instances start.
 */
class SqlScriptInitializationTests {

    /** How long the driver itself looks for a leader by default ({@code leaderTimeout}). */
    private static final int DRIVER_LEADER_TIMEOUT_SECONDS = 10;

    private static final String[] SCRIPTS = { "spring.sql.init.schema-locations=classpath:sql-init/schema.sql",
            "spring.sql.init.data-locations=classpath:sql-init/data.sql", "dqlite.database=app" };

    @TempDir
    Path directory;

    @Test
    void theDefaultModeRunsTheScriptsOnASingleNode() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                        DqliteDataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                        DqliteSqlInitializationAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class))
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues(SCRIPTS)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DqliteScriptDatabaseInitializer.class);
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    assertThat(jdbc.queryForList("SELECT text FROM greeting ORDER BY id", String.class))
                            .containsExactly("hello", "bonjour");
                });
    }

    @Test
    void threeInstancesStartingTogetherApplyNonIdempotentScriptsOnce() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, InstanceApplication.class, SCRIPTS)) {
            for (AnnotationConfigApplicationContext context : cluster.contexts()) {
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForList("SELECT text FROM greeting ORDER BY id", String.class))
                        .as("rows seen through node %s", context.getBean(Node.class).id())
                        .containsExactly("hello", "bonjour");
                assertThat(jdbc.queryForObject("SELECT count(*) FROM " + DqliteScriptDatabaseInitializer.APPLIED_TABLE,
                        Long.class)).as("sets of scripts recorded").isEqualTo(2);
            }
        }
    }

    @Test
    void aLoneInstanceWaitsForALeaderBeyondTheDriversTimeoutThenRunsTheScripts() throws Exception {
        List<String> members = ThreeInstances.memberProperties();
        CompletableFuture<AnnotationConfigApplicationContext> lone = CompletableFuture.supplyAsync(
                () -> instance(members, "1"));
        AnnotationConfigApplicationContext second = null;
        try {
            assertThatThrownBy(() -> lone.get(DRIVER_LEADER_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS))
                    .as("the lone instance still waits, past the driver's own leader timeout")
                    .isInstanceOf(TimeoutException.class);

            second = instance(members, "2");

            JdbcTemplate jdbc = lone.get(60, TimeUnit.SECONDS).getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("SELECT text FROM greeting ORDER BY id", String.class))
                    .containsExactly("hello", "bonjour");
        } finally {
            lone.thenAccept(AnnotationConfigApplicationContext::close);
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aLoneInstanceGivesUpAfterTheLeaderTimeoutNamingIt() {
        List<String> members = ThreeInstances.memberProperties();
        new ApplicationContextRunner().withUserConfiguration(InstanceApplication.class)
                .withPropertyValues(members.toArray(String[]::new))
                .withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues(SCRIPTS)
                .withPropertyValues("dqlite.node-id=1", "dqlite.data-directory=" + directory.resolve("node-1"),
                        "dqlite.startup.leader-timeout=2s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("dqlite.startup.leader-timeout")
                            .hasMessageContaining("no leader elected within 2000 ms");
                });
    }

    private AnnotationConfigApplicationContext instance(List<String> members, String id) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        TestPropertyValues.of(members).and(TestNodes.fastElections()).and(SCRIPTS)
                .and("dqlite.node-id=" + id, "dqlite.data-directory=" + directory.resolve("node-" + id))
                .applyTo(context);
        context.register(InstanceApplication.class);
        context.refresh();
        return context;
    }

    /** One instance of the application: the auto-configuration a Spring Boot application gets. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, DqliteSqlInitializationAutoConfiguration.class,
            DataSourceInitializationAutoConfiguration.class })
    static class InstanceApplication {
    }
}
