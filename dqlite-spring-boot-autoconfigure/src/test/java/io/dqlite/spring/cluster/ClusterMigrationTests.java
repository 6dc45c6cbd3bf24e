package io.dqlite.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteMigrationAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Three instances with Flyway starting at once: each waits for the leader, and the migration is applied once. */
class ClusterMigrationTests {

    @TempDir
    Path directory;

    private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void closeContexts() {
        contexts.forEach(AnnotationConfigApplicationContext::close);
    }

    @Test
    void instancesStartingTogetherMigrateOnce() throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add("dqlite.members[" + i + "].id=" + (i + 1));
            members.add("dqlite.members[" + i + "].address=127.0.0.1:" + TestNodes.freePort());
            members.add("dqlite.members[" + i + "].raft-address=127.0.0.1:" + TestNodes.freePort());
        }
        ExecutorService starter = Executors.newFixedThreadPool(3);
        try {
            List<Future<AnnotationConfigApplicationContext>> starting = new ArrayList<>();
            for (String id : List.of("1", "2", "3")) {
                starting.add(starter.submit(() -> start(id, members)));
            }
            for (Future<AnnotationConfigApplicationContext> context : starting) {
                contexts.add(context.get(120, TimeUnit.SECONDS));
            }
        }
        finally {
            starter.shutdownNow();
        }
        for (AnnotationConfigApplicationContext context : contexts) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE version = '1'",
                    Long.class)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM notes", Long.class)).isZero();
        }
    }

    private AnnotationConfigApplicationContext start(String id, List<String> members) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        TestPropertyValues.of(members).and(TestNodes.fastElections())
                .and("dqlite.node-id=" + id, "dqlite.data-directory=" + directory.resolve("node-" + id),
                        "dqlite.database=notes")
                .applyTo(context);
        context.register(DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
                DqliteMigrationAutoConfiguration.class, FlywayAutoConfiguration.class);
        context.refresh();
        return context;
    }

}
