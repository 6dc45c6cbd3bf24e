package io.dqlite.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.status.DatabaseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups at an interval: whole SQLite files of every database, the newest few kept. */
class PeriodicBackupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void everyDatabaseIsBackedUpAtTheIntervalAndOnlyTheNewestAreKept() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node node = cluster.awaitLeader(TIMEOUT);
            for (String database : List.of("shop", "shop-archive")) {
                node.database(database).execute(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY)");
                        return statement.executeUpdate("INSERT INTO orders VALUES (1), (2), (3)");
                    }
                });
            }
            Path backups = directory.resolve("backups");
            PeriodicBackup.Source source = new PeriodicBackup.Source() {
                @Override
                public List<String> databases() {
                    return node.status().databases().stream().map(DatabaseStatus::name).toList();
                }

                @Override
                public long backup(String database, Path destination) throws java.io.IOException {
                    return node.backup(database, destination);
                }
            };
            try (PeriodicBackup periodic = PeriodicBackup.start(source, backups, Duration.ofMillis(100), 2)) {
                TestCluster.await("five rounds of backups", TIMEOUT, () -> periodic.rounds() >= 5);
            }
            for (String database : List.of("shop", "shop-archive")) {
                List<Path> kept = files(backups, database);
                assertThat(kept).as(database).hasSize(2);
                try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + kept.get(kept.size() - 1));
                        Statement statement = sqlite.createStatement();
                        ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                    check.next();
                    assertThat(check.getString(1)).isEqualTo("ok");
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM orders")) {
                        count.next();
                        assertThat(count.getLong(1)).isEqualTo(3);
                    }
                }
            }
            try (Stream<Path> all = Files.list(backups)) {
                assertThat(all.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
            }
        }
    }

    private static List<Path> files(Path backups, String database) throws java.io.IOException {
        try (Stream<Path> all = Files.list(backups)) {
            return all.filter(file -> file.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(database) + "-\\d{8}-\\d{6}-\\d{3}\\.db")).sorted().toList();
        }
    }
}
