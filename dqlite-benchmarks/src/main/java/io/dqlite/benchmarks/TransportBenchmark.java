package io.dqlite.benchmarks;

import io.dqlite.core.Node;
import io.dqlite.core.NodeDataSource;
import io.dqlite.jdbc.DqliteDataSource;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.sqlite.SQLiteConfig;

/**
 * Statements per second and latency of a point SELECT and a small INSERT through the driver's two
 * transports on a 3-node cluster in this JVM: in-process on the leader, and over the wire protocol
 * to the leader; plain SQLite (WAL, synchronous=FULL) runs the same statements as the baseline.
 *
 * <p>Arguments: {@code [seconds per measurement]} (default 5); the transports take turns in three rounds.
 */
public final class TransportBenchmark {

    private static final int PRELOADED_ROWS = 10_000;
    /** The transports take turns this many times, so that drift in the machine's load spreads over all. */
    private static final int ROUNDS = 3;

    private TransportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf("Transport benchmark: %d s per measurement, 1 client thread, table of %,d rows,"
                + " point SELECT by primary key and single-row INSERT of a 32-byte value; Java %s, %d CPUs%n",
                seconds, PRELOADED_ROWS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        Path plainFile = Files.createTempFile("dqlite-transport-bench", ".db");
        try (BenchmarkCluster cluster = BenchmarkCluster.start(config -> config)) {
            Node leader = cluster.leader();
            String leaderAddress = cluster.leaderAddress();
            System.out.printf("%-34s %-13s %12s %10s %10s%n", "transport", "statement", "statements/s", "p50 µs",
                    "p99 µs");
            try (Connection plain = plainSqlite(plainFile);
                    Connection local = new NodeDataSource(leader, "bench").getConnection();
                    Connection remote = new DqliteDataSource(new RemoteSessionFactory(List.of(leaderAddress),
                            ClientSettings.defaults()), "bench", "jdbc:dqlite://" + leaderAddress + "/bench")
                            .getConnection()) {
                preload(plain);
                preload(local);
                for (int round = 1; round <= ROUNDS; round++) {
                    System.out.printf("round %d of %d%n", round, ROUNDS);
                    measure("plain SQLite (WAL, sync=FULL)", plain, seconds);
                    measure("local (in-process on the leader)", local, seconds);
                    measure("remote (wire protocol to leader)", remote, seconds);
                }
            }
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(plainFile + suffix));
            }
        }
    }

    private static void measure(String transport, Connection connection, int seconds) throws SQLException {
        Random random = new Random(7);
        try (PreparedStatement select = connection.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
            report(transport, "point SELECT", run(seconds, () -> {
                select.setLong(1, 1 + random.nextInt(PRELOADED_ROWS));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("a preloaded row is missing");
                    }
                }
            }));
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kv(v) VALUES(?)")) {
            report(transport, "small INSERT", run(seconds, () -> {
                insert.setString(1, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
                insert.executeUpdate();
            }));
        }
    }

    private interface Step {
        void run() throws SQLException;
    }

    private static long[] run(int seconds, Step step) throws SQLException {
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            step.run();
        }
        long[] latencies = new long[1 << 16];
        int count = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long now = start;
        while (now < end) {
            step.run();
            long after = System.nanoTime();
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = after - now;
            now = after;
        }
        long[] measured = Arrays.copyOf(latencies, count + 1);
        measured[count] = now - start;
        return measured;
    }

    private static void report(String transport, String statement, long[] measured) {
        int count = measured.length - 1;
        long elapsed = measured[count];
        long[] latencies = Arrays.copyOf(measured, count);
        Arrays.sort(latencies);
        System.out.printf("%-34s %-13s %,12.0f %10.1f %10.1f%n", transport, statement, count / (elapsed / 1e9),
                latencies[count / 2] / 1e3, latencies[(int) (count * 0.99)] / 1e3);
    }

    private static void preload(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT)");
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                    + PRELOADED_ROWS + ") INSERT INTO kv(v) SELECT hex(randomblob(16)) FROM n");
        }
    }

    private static Connection plainSqlite(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        return config.createConnection("jdbc:sqlite:" + file);
    }

}
