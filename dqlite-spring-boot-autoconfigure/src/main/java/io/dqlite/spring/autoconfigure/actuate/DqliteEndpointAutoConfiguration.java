package io.dqlite.spring.autoconfigure.actuate;

import io.dqlite.core.Node;
import io.dqlite.spring.actuate.DqliteBackupEndpoint;
import io.dqlite.spring.actuate.DqliteEndpoint;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code dqlite} and {@code dqlitebackup} actuator endpoints, when actuator is present and
 * the endpoint available.
 */
@AutoConfiguration(after = DqliteAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@ConditionalOnBean(Node.class)
public final class DqliteEndpointAutoConfiguration {

    // nested, so that its condition is read only once actuator is known to be present
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(DqliteEndpoint.class)
    static class DqliteEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DqliteEndpoint dqliteEndpoint(Node node, DqliteProperties properties) {
            return new DqliteEndpoint(node, properties.getShutdown().getLeadershipTransferTimeout());
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(DqliteBackupEndpoint.class)
    static class DqliteBackupEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DqliteBackupEndpoint dqliteBackupEndpoint(Node node) {
            return new DqliteBackupEndpoint(node);
        }

    }

}
