package io.dqlite.spring.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.actuate.DqliteEndpoint;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DqliteEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteEndpointAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void endpointIsPresentWhenExposed() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("management.endpoints.web.exposure.include=dqlite")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DqliteEndpoint.class));
    }

    @Test
    void endpointIsAbsentWhenNotExposed() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DqliteEndpoint.class));
    }

    @Test
    void endpointIsAbsentWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("management.endpoints.web.exposure.include=dqlite")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DqliteEndpoint.class));
    }

}
