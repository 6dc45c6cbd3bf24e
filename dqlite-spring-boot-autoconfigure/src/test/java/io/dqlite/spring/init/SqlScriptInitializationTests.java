package io.dqlite.spring.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteSqlInitializationAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code schema.sql} and {@code data.sql} as Spring runs them for an embedded database: at start-up
 * with the default mode, after a leader is elected, and once however many instances start.
 */
class SqlScriptInitializationTests {

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

    /** One instance of the application: the auto-configuration a Spring Boot application gets. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, DqliteSqlInitializationAutoConfiguration.class,
            DataSourceInitializationAutoConfiguration.class })
    static class InstanceApplication {
    }
}
