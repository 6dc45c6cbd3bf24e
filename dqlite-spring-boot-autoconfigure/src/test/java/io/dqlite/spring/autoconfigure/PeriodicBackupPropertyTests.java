package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.backup.PeriodicBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code dqlite.backup.*}: an instance backs its databases up to a directory at an interval, keeping the newest. */
class PeriodicBackupPropertyTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void backupsAppearInTheDirectoryAndTheOldestGo() {
        Path backups = directory.resolve("backups");
        runner.withPropertyValues(TestNodes.singleNode(directory.resolve("node")).toArray(String[]::new))
                .withPropertyValues("dqlite.backup.directory=" + backups, "dqlite.backup.interval=200ms",
                        "dqlite.backup.retain=2")
                .run(context -> {
                    Node node = context.getBean(Node.class);
                    TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.isLeader());
                    TestNodes.execute(node, "main", "CREATE TABLE notes (id INTEGER PRIMARY KEY)");
                    PeriodicBackup periodic = context.getBean(PeriodicBackup.class);
                    long rounds = periodic.rounds();
                    TestNodes.await("four more rounds", Duration.ofSeconds(30), () -> periodic.rounds() >= rounds + 4);
                    try (Stream<Path> files = Files.list(backups)) {
                        assertThat(files.map(file -> file.getFileName().toString()))
                                .hasSize(2).allMatch(name -> name.matches("main-\\d{8}-\\d{6}-\\d{3}\\.db"));
                    }
                });
    }

    @Test
    void withoutADirectoryThereAreNoPeriodicBackupsAndABadRetentionIsNamed() {
        runner.withPropertyValues(TestNodes.singleNode(directory.resolve("node")).toArray(String[]::new))
                .run(context -> assertThat(context).doesNotHaveBean(PeriodicBackup.class));
        runner.withPropertyValues(TestNodes.singleNode(directory.resolve("other")).toArray(String[]::new))
                .withPropertyValues("dqlite.backup.directory=" + directory.resolve("backups"), "dqlite.backup.retain=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("dqlite.backup.retain"));
    }
}
