package io.dqlite.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Point reads alone ({@code kvread}): the table of {@link KvWorkload} filled with {@value #KEYS} rows in one
 * transaction first, then every operation of every client a {@code SELECT} of one of them by key, each client on its
 * own connection. dqlite's own benchmark has no such workload; its {@code kvreadwrite} counts reads between writes,
 * so its reads per second measure how fast its writes fail as much as how fast it reads.
 */
final class PointReads {

    /** How many rows the clients read among. */
    static final int KEYS = 1024;

    private static final String READ = "SELECT value FROM model WHERE key = ?";

    private PointReads() {
    }

    /** Recreates and fills the table, runs {@code clients} readers for {@code duration} and returns what they did. */
    static KvFigures run(KvWorkload.Connector connector, int clients, Duration duration) throws Exception {
        List<String> keys = fill(connector);
        long deadline = System.nanoTime() + duration.toNanos();
        List<Reader> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Reader reader = new Reader(connector, keys, deadline);
            running.add(reader);
            reader.thread.start();
        }
        long started = System.nanoTime();
        KvFigures.Builder figures = new KvFigures.Builder();
        for (Reader reader : running) {
            reader.thread.join();
            figures.add(new LatencyLog(), reader.reads, reader.errors, reader.firstError);
        }
        return figures.build(Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<String> fill(KvWorkload.Connector connector) throws SQLException {
        List<String> keys = new ArrayList<>(KEYS);
        try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TABLE IF EXISTS model");
            statement.executeUpdate(KvWorkload.SCHEMA);
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO model(key, value) VALUES(?, ?)")) {
                for (int i = 0; i < KEYS; i++) {
                    String key = String.format("key-%027d", i);
                    insert.setString(1, key);
                    insert.setString(2, KvWorkload.value(ThreadLocalRandom.current()));
                    insert.executeUpdate();
                    keys.add(key);
                }
            }
            connection.commit();
        }
        return keys;
    }

    /** One reading client and what it measured. */
    private static final class Reader implements Runnable {

        private final KvWorkload.Connector connector;
        private final List<String> keys;
        private final long deadline;
        private final Thread thread = new Thread(this, "kv-reader");
        private final LatencyLog reads = new LatencyLog();
        private int errors;
        private String firstError;

        Reader(KvWorkload.Connector connector, List<String> keys, long deadline) {
            this.connector = connector;
            this.keys = keys;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                try (Connection connection = connector.connect();
                        PreparedStatement read = connection.prepareStatement(READ)) {
                    while (System.nanoTime() < deadline) {
                        read.setString(1, keys.get(ThreadLocalRandom.current().nextInt(keys.size())));
                        long start = System.nanoTime();
                        try (ResultSet rows = read.executeQuery()) {
                            if (!rows.next()) {
                                throw new SQLException("a key written before the run was not found");
                            }
                            rows.getString(1);
                        }
                        reads.add(System.nanoTime() - start);
                    }
                } catch (SQLException e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                }
            }
        }
    }
}
