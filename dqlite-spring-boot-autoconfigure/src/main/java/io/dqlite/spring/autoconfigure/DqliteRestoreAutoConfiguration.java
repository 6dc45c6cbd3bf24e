package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import io.dqlite.spring.init.DqliteScriptDatabaseInitializer;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of {@code dqlite.restore.file}: the backup is loaded before Flyway, Liquibase and
 * {@code schema.sql} touch the database.
 */
@AutoConfiguration(after = { DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class },
        beforeName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnBean({ Node.class, DataSource.class })
@ConditionalOnProperty("dqlite.restore.file")
public final class DqliteRestoreAutoConfiguration {

    /** The name of the bean that loads the backup. */
    public static final String RESTORE_BEAN_NAME = "dqliteStartupRestore";

    @Bean(RESTORE_BEAN_NAME)
    StartupRestore dqliteStartupRestore(Node node, DataSource dataSource, DqliteProperties properties) {
        return new StartupRestore(node, dataSource, properties.getDatabase(), properties.getRestore().getFile(),
                properties.getStartup().getLeaderTimeout());
    }

    @Bean
    static ScriptsAfterRestorePostProcessor dqliteScriptsAfterRestorePostProcessor() {
        return new ScriptsAfterRestorePostProcessor();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    static class FlywayAfterRestoreConfiguration {

        @Bean
        static FlywayAfterRestorePostProcessor dqliteFlywayAfterRestorePostProcessor() {
            return new FlywayAfterRestorePostProcessor();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SpringLiquibase.class)
    static class LiquibaseAfterRestoreConfiguration {

        @Bean
        static LiquibaseAfterRestorePostProcessor dqliteLiquibaseAfterRestorePostProcessor() {
            return new LiquibaseAfterRestorePostProcessor();
        }

    }

    static class ScriptsAfterRestorePostProcessor extends AbstractDependsOnBeanFactoryPostProcessor {

        ScriptsAfterRestorePostProcessor() {
            super(DqliteScriptDatabaseInitializer.class, RESTORE_BEAN_NAME);
        }

    }

    static class FlywayAfterRestorePostProcessor extends AbstractDependsOnBeanFactoryPostProcessor {

        FlywayAfterRestorePostProcessor() {
            super(Flyway.class, RESTORE_BEAN_NAME);
        }

    }

    static class LiquibaseAfterRestorePostProcessor extends AbstractDependsOnBeanFactoryPostProcessor {

        LiquibaseAfterRestorePostProcessor() {
            super(SpringLiquibase.class, RESTORE_BEAN_NAME);
        }

    }
}
