package io.dqlite.spring.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.Node;
import io.dqlite.core.NodeDataSource;
import io.dqlite.jdbc.client.ClientSettings;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a pooled {@link DataSource} over the embedded node's database, registered before
 * Spring Boot's own so that it wins unless the application defines a DataSource of its own.
 */
@AutoConfiguration(after = DqliteAutoConfiguration.class,
        beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@ConditionalOnBean(Node.class)
public final class DqliteDataSourceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    HikariDataSource dataSource(Node node, DqliteProperties properties) {
        DqliteProperties.Pool pool = properties.getPool();
        if (pool.getMaxSize() < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "dqlite.pool.max-size", pool.getMaxSize(), "must be at least 1");
        }
        HikariDataSource dataSource = new HikariDataSource();
        // local sessions while this node leads, the wire protocol to the leader otherwise, holding as much of a result
        ClientSettings client = ClientSettings.defaults()
                .withMaxBufferedResultBytes(new WireServerSettingsFactory(properties).maxBufferedResultBytes());
        dataSource.setDataSource(new NodeDataSource(node, properties.getDatabase(), client));
        dataSource.setPoolName("dqlite-" + properties.getDatabase());
        dataSource.setMaximumPoolSize(pool.getMaxSize());
        dataSource.setConnectionTimeout(pool.getConnectionTimeout().toMillis());
        dataSource.setExceptionOverride(new EndedTransactionOverride());
        return dataSource;
    }

}
