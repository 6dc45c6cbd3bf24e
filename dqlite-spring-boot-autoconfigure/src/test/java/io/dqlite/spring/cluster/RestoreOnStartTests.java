package io.dqlite.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteMigrationAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteRestoreAutoConfiguration;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three instances started together with {@code dqlite.restore.file} on a new cluster: the backup is loaded once,
 * before Flyway migrates it further, and every instance serves its rows.
 */
class RestoreOnStartTests {

    @TempDir
    Path directory;

    @Test
    void threeInstancesLoadTheBackupOnceAndMigrateAfterIt() throws Exception {
        Path backup = directory.resolve("shop.db");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + backup);
                Statement statement = sqlite.createStatement()) {
            statement.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL)");
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                    + " INSERT INTO orders SELECT i, 'item ' || i FROM n");
        }
        try (ThreeInstances cluster = new ThreeInstances(directory, ShopApplication.class, "dqlite.database=shop",
                "dqlite.restore.file=" + backup, "spring.flyway.locations=classpath:restore/migration",
                "spring.flyway.baseline-on-migrate=true")) {
            for (AnnotationConfigApplicationContext instance : cluster.contexts()) {
                JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Long.class)).isEqualTo(1000);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE shipped = 0", Long.class))
                        .as("the migration that ran after the restore").isEqualTo(1000);
            }
        }
    }

    /** One instance: the node, its DataSource, the restore and Flyway. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            DqliteMigrationAutoConfiguration.class, DqliteRestoreAutoConfiguration.class,
            FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class })
    static class ShopApplication {
    }
}
