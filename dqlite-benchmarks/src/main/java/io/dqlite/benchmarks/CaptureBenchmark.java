package io.dqlite.benchmarks;

import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.replication.ReplicationSource;
import io.dqlite.core.replication.ReplicationTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sqlite.SQLiteConfig;

/**
 * Small-INSERT transactions per second on a leader alone (plain SQLite), with frame capture, and
 * with capture, encoding and application to a follower file; plus the latency of capture itself.
 *
 * <p>Modes run interleaved in rounds so that machine noise spreads over all of them. Arguments:
 * {@code [transactions per round] [rounds]} (defaults 5000 and 5).
 */
public final class CaptureBenchmark {

    private enum Mode {
        PLAIN_SQLITE("leader alone (plain SQLite, WAL, synchronous=OFF)"),
        CAPTURE("leader + frame capture"),
        CAPTURE_ENCODE_APPLY("leader + capture + encode/decode + apply to follower");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private CaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("dqlite-capture-bench");
        System.out.printf("Capture benchmark: %d rounds of %d single-row INSERT transactions per mode,"
                + " 32-byte key + 100-byte value, table with one index, Java %s, %d CPUs%n",
                rounds, perRound, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        Map<Mode, Workload> workloads = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            workloads.put(mode, new Workload(mode, dir.resolve(mode.name().toLowerCase())));
        }
        try {
            for (Workload workload : workloads.values()) {
                workload.run(perRound / 5);
                workload.reset();
            }
            for (int round = 1; round <= rounds; round++) {
                for (Workload workload : workloads.values()) {
                    workload.run(perRound);
                }
            }
            double baseline = workloads.get(Mode.PLAIN_SQLITE).transactionsPerSecond();
            for (Workload workload : workloads.values()) {
                System.out.printf("%-58s %9.0f tx/s  (%.2fx plain SQLite)%n", workload.mode.label,
                        workload.transactionsPerSecond(), workload.transactionsPerSecond() / baseline);
            }
            Workload capture = workloads.get(Mode.CAPTURE);
            System.out.printf("capture latency: median %.1f us, p99 %.1f us, max %.1f us over %d commits;"
                            + " median %d bytes of log entry per commit%n",
                    percentile(capture.captureNanos, 50) / 1000.0, percentile(capture.captureNanos, 99) / 1000.0,
                    percentile(capture.captureNanos, 100) / 1000.0, capture.captureNanos.size(),
                    percentile(workloads.get(Mode.CAPTURE_ENCODE_APPLY).entryBytes, 50));
        } finally {
            for (Workload workload : workloads.values()) {
                workload.close();
            }
            deleteRecursively(dir);
        }
    }

    private static long percentile(List<Long> values, int percent) {
        Long[] sorted = values.toArray(new Long[0]);
        Arrays.sort(sorted, Comparator.naturalOrder());
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One mode's database, its statement and its measurements. */
    private static final class Workload implements AutoCloseable {

        private final Mode mode;
        private final Random random = new Random(1);
        private final ReplicationSource source;
        private final ReplicationTarget target;
        private final Connection connection;
        private final PreparedStatement insert;
        private final List<Long> captureNanos = new ArrayList<>();
        private final List<Long> entryBytes = new ArrayList<>();
        private long transactions;
        private long elapsedNanos;

        Workload(Mode mode, Path dir) throws Exception {
            this.mode = mode;
            Files.createDirectories(dir);
            Path file = dir.resolve("leader.db");
            if (mode == Mode.PLAIN_SQLITE) {
                source = null;
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
                connection = config.createConnection("jdbc:sqlite:" + file);
            } else {
                source = ReplicationSource.open("bench", file, ReplicationSettings.defaults());
                connection = source.connection();
            }
            target = mode == Mode.CAPTURE_ENCODE_APPLY ? new ReplicationTarget("bench", dir.resolve("follower.db")) : null;
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kv(id INTEGER PRIMARY KEY, k TEXT, v BLOB)");
                statement.execute("CREATE INDEX kv_k ON kv(k)");
            }
            afterCommit();
            insert = connection.prepareStatement("INSERT INTO kv(k, v) VALUES(?, ?)");
        }

        void run(int count) throws Exception {
            byte[] value = new byte[100];
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                random.nextBytes(value);
                insert.setString(1, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
                insert.setBytes(2, value);
                insert.executeUpdate();
                afterCommit();
            }
            elapsedNanos += System.nanoTime() - start;
            transactions += count;
        }

        private void afterCommit() throws Exception {
            if (source == null) {
                return;
            }
            long start = System.nanoTime();
            List<DatabaseEntry> entries = source.capture();
            captureNanos.add(System.nanoTime() - start);
            if (target != null) {
                for (DatabaseEntry entry : entries) {
                    byte[] encoded = EntryCodec.encode(entry);
                    entryBytes.add((long) encoded.length);
                    target.apply((DatabaseEntry) EntryCodec.decode(encoded));
                }
            }
            source.checkpointIfDue();
        }

        /** Forgets the warm-up's measurements. */
        void reset() {
            captureNanos.clear();
            entryBytes.clear();
            transactions = 0;
            elapsedNanos = 0;
        }

        double transactionsPerSecond() {
            return transactions / (elapsedNanos / 1e9);
        }

        @Override
        public void close() throws Exception {
            insert.close();
            if (target != null) {
                target.close();
            }
            if (source != null) {
                source.close();
            } else {
                connection.close();
            }
        }
    }
}
