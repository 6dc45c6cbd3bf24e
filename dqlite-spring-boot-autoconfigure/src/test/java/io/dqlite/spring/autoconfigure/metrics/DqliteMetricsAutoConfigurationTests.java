package io.dqlite.spring.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.metrics.DqliteMetrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DqliteMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteMetricsAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void metricsArePresentWithMicrometer() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DqliteMetrics.class));
    }

    @Test
    void metricsAreAbsentWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DqliteMetrics.class));
    }

}
