package io.dqlite.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TestDqliteNodeInitializerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class))
            .withInitializer(new TestDqliteNodeInitializer());

    @Test
    void twoContextsAliveAtOnceGetTheirOwnPortsAndDirectoriesAndLeaveNoDirectoryBehind() {
        List<Path> directories = new ArrayList<>();
        runner.run(first -> runner.run(second -> {
            Node one = first.getBean(Node.class);
            Node two = second.getBean(Node.class);
            String oneAddress = one.status().members().get(0).address();
            String twoAddress = two.status().members().get(0).address();
            assertThat(oneAddress).isNotEqualTo(twoAddress);
            Path oneDirectory = Path.of(first.getEnvironment().getProperty("dqlite.data-directory"));
            Path twoDirectory = Path.of(second.getEnvironment().getProperty("dqlite.data-directory"));
            assertThat(oneDirectory).isNotEqualTo(twoDirectory).isDirectory().isNotEmptyDirectory();
            assertThat(twoDirectory).isDirectory().isNotEmptyDirectory();
            directories.add(oneDirectory);
            directories.add(twoDirectory);
        }));
        assertThat(directories).hasSize(2).allSatisfy(directory -> assertThat(directory).doesNotExist());
    }

}
