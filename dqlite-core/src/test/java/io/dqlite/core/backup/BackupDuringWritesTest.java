package io.dqlite.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups taken on the leader and on a follower while a bank workload moves money between accounts: each is one
 * SQLite file that SQLite opens, passes {@code integrity_check} and holds the fixed total.
 */
class BackupDuringWritesTest {

    private static final int ACCOUNTS = 20;
    private static final long TOTAL = ACCOUNTS * 1_000L;
    private static final Path SQLITE3 = Path.of("/usr/bin/sqlite3");

    @TempDir
    Path directory;

    @Test
    void backupsTakenWhileTransfersRunAreConsistentCopies() throws Exception {
        try (TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            LeaderDatabase bank = leader.database("bank");
            bank.execute(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
                    statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                            + ACCOUNTS + ") INSERT INTO accounts SELECT i, 1000 FROM n");
                }
                return null;
            });
            Node follower = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow();

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong transfers = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread workload = new Thread(() -> {
                try {
                    while (running.get()) {
                        transfer(bank);
                        transfers.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "bank-transfers");
            workload.start();
            List<Path> backups = new ArrayList<>();
            try {
                for (int round = 0; round < 5; round++) {
                    long before = transfers.get();
                    TestCluster.await("transfers between backups", Duration.ofSeconds(30),
                            () -> transfers.get() >= before + 20 || failure.get() != null);
                    for (Node node : List.of(leader, follower)) {
                        Path backup = directory.resolve("backup-" + node.id() + "-" + round + ".db");
                        assertThat(node.backup("bank", backup)).as("the index the backup holds").isPositive();
                        backups.add(backup);
                    }
                }
            } finally {
                running.set(false);
                workload.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(failure.get()).as("the workload's failure").isNull();
            assertThat(transfers.get()).isGreaterThanOrEqualTo(100);
            for (Path backup : backups) {
                assertConsistent(backup);
            }
            assertThat(follower.backup("no-such-database", directory.resolve("absent.db"))).isEqualTo(-1);
            assertThat(directory.resolve("absent.db")).doesNotExist();
        }
    }

    private static void transfer(LeaderDatabase bank) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = 1 + random.nextInt(ACCOUNTS);
        int to = 1 + random.nextInt(ACCOUNTS);
        int amount = random.nextInt(50);
        bank.execute(connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement move = connection.prepareStatement(
                    "UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                move.setInt(1, -amount);
                move.setInt(2, from);
                move.executeUpdate();
                move.setInt(1, amount);
                move.setInt(2, to);
                move.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    private static void assertConsistent(Path backup) throws SQLException, IOException, InterruptedException {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + backup);
                Statement statement = sqlite.createStatement()) {
            try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                check.next();
                assertThat(check.getString(1)).as("integrity_check of " + backup).isEqualTo("ok");
            }
            try (ResultSet sum = statement.executeQuery("SELECT count(*), sum(balance) FROM accounts")) {
                sum.next();
                assertThat(sum.getLong(1)).isEqualTo(ACCOUNTS);
                assertThat(sum.getLong(2)).as("the total in " + backup).isEqualTo(TOTAL);
            }
        }
        if (Files.isExecutable(SQLITE3)) {
            Process process = new ProcessBuilder(SQLITE3.toString(), backup.toString(),
                    "PRAGMA integrity_check; SELECT sum(balance) FROM accounts;").redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output.lines().toList()).as("sqlite3 on " + backup).containsExactly("ok", String.valueOf(TOTAL));
        }
    }
}
