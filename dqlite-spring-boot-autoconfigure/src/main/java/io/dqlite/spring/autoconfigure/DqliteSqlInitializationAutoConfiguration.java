package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import io.dqlite.spring.init.DqliteScriptDatabaseInitializer;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.ConditionalOnSqlInitialization;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.init.DatabasePopulator;

/**
 * Auto-configuration of Spring's {@code schema.sql}/{@code data.sql} initialization for dqlite's
 * {@code DataSource}: run at start-up by default, after a leader is elected, once across the
 * cluster; it takes the place of Spring Boot's own script initializer.
 */
@AutoConfiguration(after = { DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class },
        beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration")
@ConditionalOnClass({ DatabasePopulator.class, ApplicationScriptDatabaseInitializer.class,
        ApplicationDataSourceScriptDatabaseInitializer.class })
@ConditionalOnBean(Node.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnMissingBean(ApplicationScriptDatabaseInitializer.class)
@ConditionalOnSqlInitialization
@EnableConfigurationProperties(SqlInitializationProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class DqliteSqlInitializationAutoConfiguration {

    @Bean
    DqliteScriptDatabaseInitializer dqliteScriptDatabaseInitializer(DataSource dataSource,
            SqlInitializationProperties properties, Node node, DqliteProperties dqlite) {
        return new DqliteScriptDatabaseInitializer(dataSource, properties,
                new LeaderAwait(node, dqlite.getStartup().getLeaderTimeout()));
    }
}
