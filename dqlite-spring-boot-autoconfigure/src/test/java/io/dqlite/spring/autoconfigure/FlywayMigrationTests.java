package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FlywayMigrationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteDataSourceAutoConfiguration.class, DqliteMigrationAutoConfiguration.class,
                    FlywayAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void flywayMigratesThroughTheLeaderOnceItIsElected() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("dqlite.database=notes")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Node node = context.getBean(Node.class);
                    assertThat(TestNodes.queryLong(node, "notes",
                            "SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success = 1")).isEqualTo(1);
                    TestNodes.execute(node, "notes", "INSERT INTO notes (body) VALUES ('migrated')");
                    assertThat(TestNodes.queryLong(node, "notes", "SELECT count(*) FROM notes")).isEqualTo(1);
                });
    }

}
