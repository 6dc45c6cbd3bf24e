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
 * dqlite's own benchmark workloads, run from Java clients: {@code kvwrite} (every operation an
 * autocommit {@code INSERT OR REPLACE} of a new 32-byte key and a 1 KiB value) and {@code kvreadwrite}
 * (each operation a coin toss between that write and a point read of a key the client wrote), each
 * client on its own connection, as go-dqlite's {@code dqlite-benchmark} runs them.
 */
enum KvWorkload {

    KVWRITE("kvwrite", false),
    KVREADWRITE("kvreadwrite", true);

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS model (key TEXT, value TEXT, UNIQUE(key))";
    private static final String WRITE = "INSERT OR REPLACE INTO model(key, value) VALUES(?, ?)";
    private static final String READ = "SELECT value FROM model WHERE key = ?";
    private static final int KEY_BYTES = 32;
    private static final int VALUE_BYTES = 1024;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final String label;
    private final boolean mixesReads;

    KvWorkload(String label, boolean mixesReads) {
        this.label = label;
        this.mixesReads = mixesReads;
    }

    /** Returns dqlite's name for the workload. */
    String label() {
        return label;
    }

    /** Opens one connection to the system under test. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    /**
     * Recreates the table, runs {@code clients} clients for {@code duration} and returns what they did.
     * A client whose connection fails counts the error and opens a new one.
     */
    KvFigures run(Connector connector, int clients, Duration duration) throws Exception {
        try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TABLE IF EXISTS model");
            statement.executeUpdate(SCHEMA);
        }
        long deadline = System.nanoTime() + duration.toNanos();
        List<Client> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(connector, deadline);
            running.add(client);
            client.thread.start();
        }
        long started = System.nanoTime();
        KvFigures.Builder figures = new KvFigures.Builder();
        for (Client client : running) {
            client.thread.join();
            figures.add(client.writes, client.reads, client.errors, client.firstError);
        }
        return figures.build(Duration.ofNanos(System.nanoTime() - started));
    }

    /** One client thread and what it measured, in milliseconds per operation. */
    private final class Client implements Runnable {

        private final Connector connector;
        private final long deadline;
        private final Thread thread = new Thread(this, "kv-client");
        private final LatencyLog writes = new LatencyLog();
        private final LatencyLog reads = new LatencyLog();
        private final List<String> written = new ArrayList<>();
        private int errors;
        private String firstError;

        Client(Connector connector, long deadline) {
            this.connector = connector;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                try (Connection connection = connector.connect();
                        PreparedStatement write = connection.prepareStatement(WRITE);
                        PreparedStatement read = connection.prepareStatement(READ)) {
                    while (System.nanoTime() < deadline) {
                        operate(write, read);
                    }
                } catch (SQLException e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                }
            }
        }

        private void operate(PreparedStatement write, PreparedStatement read) throws SQLException {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (mixesReads && !written.isEmpty() && random.nextBoolean()) {
                read.setString(1, written.get(random.nextInt(written.size())));
                long start = System.nanoTime();
                try (ResultSet rows = read.executeQuery()) {
                    if (!rows.next()) {
                        throw new SQLException("a key this client wrote was not found");
                    }
                    rows.getString(1);
                }
                reads.add(System.nanoTime() - start);
                return;
            }
            String key = letters(random, KEY_BYTES);
            write.setString(1, key);
            write.setString(2, value(random));
            long start = System.nanoTime();
            write.executeUpdate();
            writes.add(System.nanoTime() - start);
            if (mixesReads) {
                written.add(key);
            }
        }
    }

    /** Returns a 1 KiB value: half of it one letter repeated, half random letters. */
    static String value(ThreadLocalRandom random) {
        return String.valueOf(LETTERS.charAt(random.nextInt(LETTERS.length()))).repeat(VALUE_BYTES / 2)
                + letters(random, VALUE_BYTES / 2);
    }

    private static String letters(ThreadLocalRandom random, int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new String(chars);
    }
}
