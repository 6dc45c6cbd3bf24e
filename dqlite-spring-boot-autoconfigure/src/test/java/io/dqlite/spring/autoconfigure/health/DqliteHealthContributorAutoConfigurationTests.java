package io.dqlite.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.health.DqliteHealthIndicator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DqliteHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteHealthContributorAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void indicatorIsPresentWithHealthSupport() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DqliteHealthIndicator.class)
                        .hasBean("dqliteHealthIndicator"));
    }

    @Test
    void indicatorIsAbsentWithoutHealthSupport() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DqliteHealthIndicator.class));
    }

    @Test
    void indicatorIsAbsentWhenDisabled() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("management.health.dqlite.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DqliteHealthIndicator.class));
    }

}
