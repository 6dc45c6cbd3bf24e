package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.backup.PeriodicBackup;
import io.dqlite.core.status.DatabaseStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the embedded dqlite node: its configuration from {@link DqliteProperties} and its
 * lifecycle. It backs off when the application connects elsewhere through {@code JdbcConnectionDetails}, such
 * as a {@code @ServiceConnection} to a containerized cluster.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Node.class)
@ConditionalOnBooleanProperty(name = "dqlite.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(type = "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails")
@EnableConfigurationProperties(DqliteProperties.class)
public final class DqliteAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DqliteNodeLifecycle dqliteNodeLifecycle(DqliteProperties properties, ObjectProvider<SslBundles> sslBundles) {
        NodeConfigFactory factory = new NodeConfigFactory(properties, sslBundles.getIfAvailable());
        NodeConfig config = factory.create();
        NodeEnvironmentCheck check = new NodeEnvironmentCheck(config, factory);
        return new DqliteNodeLifecycle(config, properties.getJoin(), check::run,
                properties.getShutdown().getLeadershipTransferTimeout());
    }

    // the lifecycle closes the node, after the web server has stopped
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Node dqliteNode(DqliteNodeLifecycle lifecycle) {
        return lifecycle.node();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "dqlite.backup.directory")
    PeriodicBackup dqlitePeriodicBackup(Node node, DqliteProperties properties) throws IOException {
        DqliteProperties.Backup backup = properties.getBackup();
        if (backup.getInterval() == null || backup.getInterval().isNegative() || backup.getInterval().isZero()) {
            throw new InvalidConfigurationPropertyValueException("dqlite.backup.interval", backup.getInterval(),
                    "must be positive");
        }
        if (backup.getRetain() < 1) {
            throw new InvalidConfigurationPropertyValueException("dqlite.backup.retain", backup.getRetain(),
                    "must be at least 1");
        }
        return PeriodicBackup.start(new PeriodicBackup.Source() {
            @Override
            public List<String> databases() {
                return node.status().databases().stream().map(DatabaseStatus::name).toList();
            }

            @Override
            public long backup(String database, Path destination) throws IOException {
                return node.backup(database, destination);
            }
        }, backup.getDirectory().toAbsolutePath().normalize(), backup.getInterval(), backup.getRetain());
    }

}
