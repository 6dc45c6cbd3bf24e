package io.dqlite.spring.autoconfigure.metrics;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.metrics.DqliteMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of the dqlite node's Micrometer meters. */
@AutoConfiguration(after = DqliteAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(Node.class)
public final class DqliteMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DqliteMetrics dqliteMetrics(Node node) {
        return new DqliteMetrics(node);
    }

}
