package io.dqlite.spring.autoconfigure.health;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteProperties;
import io.dqlite.spring.health.DqliteHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Auto-configuration of the {@code dqlite} health indicator, when Spring Boot's health support is present. */
@AutoConfiguration(after = DqliteAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
@ConditionalOnBean(Node.class)
public final class DqliteHealthContributorAutoConfiguration {

    // nested, so that its condition is read only once health support is known to be present
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("dqlite")
    static class DqliteHealthIndicatorConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "dqliteHealthIndicator")
        DqliteHealthIndicator dqliteHealthIndicator(Node node, DqliteProperties properties) {
            return new DqliteHealthIndicator(node, properties.getHealth().getMaxAppliedLag());
        }

    }

}
