package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many threads writing one replicated database: nobody sees {@code SQLITE_BUSY}, every acknowledged
 * commit is present, and the figures are printed beside plain SQLite measured in the same run.
 */
class ConcurrentWritersTest {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentWritersTest.class);
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("dqlite.writers.seconds", 3));

    @TempDir
    Path dir;

    @Test
    void sixteenWritersNeverSeeBusyAndLoseNothing() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            LeaderDatabase db = leader.database("kv");
            db.execute(connection -> execute(connection,
                    "CREATE TABLE model(key TEXT, value TEXT, UNIQUE(key))"));
            List<String> report = new ArrayList<>();
            for (int writers : new int[] {1, 16}) {
                Figures replicated = run(writers, key -> db.execute(connection -> insert(connection, key)));
                assertThat(replicated.errors).as("errors with %d writers: %s", writers, replicated.firstError).hasValue(0);
                long present = db.execute(connection -> count(connection, replicated.prefix));
                assertThat(present).as("acknowledged commits present").isEqualTo(replicated.commits.get());
                report.add(replicated.line("dqlite-java 3 nodes, " + writers + " writers"));
            }
            for (String synchronous : new String[] {"NORMAL", "FULL"}) {
                Path file = dir.resolve("plain-" + synchronous + ".db");
                try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                    execute(setup, "PRAGMA journal_mode=WAL");
                    execute(setup, "CREATE TABLE model(key TEXT, value TEXT, UNIQUE(key))");
                }
                for (int writers : new int[] {1, 16}) {
                    ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> open(file, synchronous));
                    Figures plain = run(writers, key -> insert(connections.get(), key));
                    report.add(plain.line("plain SQLite WAL synchronous=" + synchronous + ", " + writers + " writers"
                            + " (" + plain.errors + " errors)"));
                }
            }
            report.forEach(line -> log.info("{}", line));
            report.forEach(System.out::println);
        }
    }

    private interface Write {
        void write(String key) throws SQLException;
    }

    private static Figures run(int writers, Write write) throws InterruptedException {
        Figures figures = new Figures("w" + writers + "-" + System.nanoTime() + "-");
        long end = System.nanoTime() + RUN.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                Random random = new Random(thread);
                int n = 0;
                while (System.nanoTime() < end) {
                    String key = figures.prefix + thread + "-" + (n++) + "-" + Long.toHexString(random.nextLong());
                    long start = System.nanoTime();
                    try {
                        write.write(key);
                        figures.latencies.add(System.nanoTime() - start);
                        figures.commits.incrementAndGet();
                    } catch (SQLException e) {
                        figures.errors.incrementAndGet();
                        figures.firstError.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        figures.seconds = (System.nanoTime() - start) / 1e9;
        return figures;
    }

    private static Integer insert(Connection connection, String key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO model(key, value) VALUES(?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, (key + "v".repeat(1024)).substring(0, 1024));
            return insert.executeUpdate();
        }
    }

    private static long count(Connection connection, String prefix) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM model WHERE key LIKE ?")) {
            query.setString(1, prefix + "%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Object execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }

    private static Connection open(Path file, String synchronous) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            execute(connection, "PRAGMA synchronous=" + synchronous);
            execute(connection, "PRAGMA busy_timeout=30000");
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Figures {
        final String prefix;
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicLong commits = new AtomicLong();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();
        double seconds;

        Figures(String prefix) {
            this.prefix = prefix;
        }

        String line(String label) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return String.format("%-55s %8.0f commits/s  p50 %7.3f ms  p99 %7.3f ms  (%d commits)", label,
                    commits.get() / seconds, percentile(sorted, 50), percentile(sorted, 99), commits.get());
        }

        private static double percentile(List<Long> sorted, int percent) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int index = Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
            return sorted.get(index) / 1e6;
        }
    }
}
