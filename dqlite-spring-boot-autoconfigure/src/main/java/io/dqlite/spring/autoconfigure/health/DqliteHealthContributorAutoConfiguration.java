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

/** Auto-configuration of the {@code dqlite} health indicator. */
@AutoConfiguration(after = DqliteAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean(Node.class)
@ConditionalOnEnabledHealthIndicator("dqlite")
public final class DqliteHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "dqliteHealthIndicator")
    DqliteHealthIndicator dqliteHealthIndicator(Node node, DqliteProperties properties) {
        return new DqliteHealthIndicator(node, properties.getHealth().getMaxAppliedLag());
    }

}
