package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The side-by-side benchmark: three nodes of the notes sample as separate JVMs, driven through the
 * wire protocol by {@code kvwrite} and {@code kvreadwrite} at 1, 16 and 64 clients; in the same run
 * C dqlite through {@code ../shared/anchors/dqlite-bench.sh} and plain SQLite (WAL,
 * {@code synchronous=FULL}) from the same Java clients; then point reads alone ({@link PointReads}) and two bulk
 * loads on our nodes, on three C dqlite nodes through our driver, and on plain SQLite. Prints one table with ratios and writes it to
 * {@code target/benchmark/}. Not a test of speed: it asserts only that the clients saw no error.
 *
 * <p>Run it with {@code mvn -B -ntp -pl samples/notes -am install -DskipTests} and then
 * {@code mvn -B -ntp -pl dqlite-faults verify -Pbenchmark}; {@code -Dbench.duration=10s},
 * {@code -Dbench.clients="1 16 64"}, {@code -Dbench.warmup=60s} (unmeasured, before the cells) and
 * {@code -Dbench.bulk=false}, {@code -Dbench.point-reads=false} change what it runs.
 */
class ClusterBenchmark {

    @TempDir
    Path directory;

    @Test
    void sideBySide() throws Exception {
        Duration duration = Duration.parse("PT" + System.getProperty("bench.duration", "10s").toUpperCase(Locale.ROOT));
        List<Integer> clients = Arrays.stream(System.getProperty("bench.clients", "1 16 64").trim().split("\\s+"))
                .map(Integer::valueOf).toList();
        boolean bulk = Boolean.parseBoolean(System.getProperty("bench.bulk", "true"));
        boolean pointReads = Boolean.parseBoolean(System.getProperty("bench.point-reads", "true"));
        Duration warmUp = Duration.parse("PT" + System.getProperty("bench.warmup", "60s").toUpperCase(Locale.ROOT));
        List<KvWorkload> workloads = List.of(KvWorkload.values());
        Path output = Files.createDirectories(SampleJar.output().resolveSibling("benchmark"));
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

        Map<String, KvFigures> ours = new HashMap<>();
        Map<Integer, KvFigures> oursReads = new HashMap<>();
        BulkLoad.Figures oursBulk = BulkLoad.Figures.MISSING;
        try (ProcessCluster cluster = ProcessCluster.onLoopback(3, SampleJar.privateCopy(directory), directory)) {
            cluster.start();
            String url = "jdbc:dqlite://" + String.join(",", cluster.nodes().stream()
                    .map(node -> node.spec().wireAddress()).toList()) + "/bench?leaderTimeout=30000&readTimeout=300000";
            // measure servers that have warmed up: on 2 cores the three nodes' JIT compilers still took about 40 % of
            // the CPU 30 s after start (perf), and 25 % after a minute
            KvWorkload.KVREADWRITE.run(() -> DriverManager.getConnection(url), 16, warmUp);
            for (KvWorkload workload : workloads) {
                for (int count : clients) {
                    ours.put(DqliteAnchor.key(workload, count), report("ours", workload, count,
                            workload.run(() -> DriverManager.getConnection(url), count, duration)));
                }
            }
            if (pointReads) {
                for (int count : clients) {
                    oursReads.put(count, reportReads("ours", count,
                            PointReads.run(() -> DriverManager.getConnection(url), count, duration)));
                }
            }
            if (bulk) {
                oursBulk = BulkLoad.run(() -> DriverManager.getConnection(url));
            }
        }

        Map<String, KvFigures> sqlite = new HashMap<>();
        String sqliteUrl = "jdbc:sqlite:" + directory.resolve("plain.db");
        KvWorkload.Connector plain = () -> plainSqlite(sqliteUrl);
        KvWorkload.KVREADWRITE.run(plain, 16, warmUp);
        for (KvWorkload workload : workloads) {
            for (int count : clients) {
                sqlite.put(DqliteAnchor.key(workload, count), report("sqlite", workload, count,
                        workload.run(plain, count, duration)));
            }
        }
        Map<Integer, KvFigures> sqliteReads = new HashMap<>();
        if (pointReads) {
            for (int count : clients) {
                sqliteReads.put(count, reportReads("sqlite", count, PointReads.run(plain, count, duration)));
            }
        }
        BulkLoad.Figures sqliteBulk = bulk ? BulkLoad.run(plain) : BulkLoad.Figures.MISSING;

        Map<String, KvFigures> dqlite = Map.of();
        Object anchor = DqliteAnchor.locate();
        String dqliteMissing = null;
        if (anchor instanceof DqliteAnchor script) {
            dqlite = script.run(workloads, clients, duration, output.resolve(run + "-dqlite.log"));
        } else {
            dqliteMissing = (String) anchor;
        }
        BulkLoad.Figures dqliteBulk = BulkLoad.Figures.MISSING;
        Map<Integer, KvFigures> dqliteReads = new HashMap<>();
        String cMissing = CDqliteNodes.missing();
        if ((bulk || pointReads) && cMissing == null) {
            try (CDqliteNodes nodes = new CDqliteNodes(Files.createDirectories(directory.resolve("c-dqlite")),
                    Duration.ofSeconds(60))) {
                String url = nodes.jdbcUrl("bench");
                if (pointReads) {
                    for (int count : clients) {
                        dqliteReads.put(count, reportReads("c-dqlite", count,
                                PointReads.run(() -> DriverManager.getConnection(url), count, duration)));
                    }
                }
                if (bulk) {
                    dqliteBulk = BulkLoad.run(() -> DriverManager.getConnection(url));
                }
            }
        }

        String table = render(workloads, clients, duration, warmUp, ours, dqlite, sqlite, dqliteMissing)
                + renderPointReads(pointReads, clients, oursReads, dqliteReads, sqliteReads, cMissing)
                + renderBulk(bulk, oursBulk, dqliteBulk, sqliteBulk, cMissing);
        Path written = output.resolve(run + ".md");
        Files.writeString(written, table);
        System.out.println(table);
        System.out.println("written to " + written.toAbsolutePath());
        for (Map.Entry<String, KvFigures> cell : ours.entrySet()) {
            assertThat(cell.getValue().errors()).as("errors our clients saw in %s: %s", cell.getKey(),
                    cell.getValue().firstError()).isZero();
        }
        for (Map.Entry<Integer, KvFigures> cell : oursReads.entrySet()) {
            assertThat(cell.getValue().errors()).as("errors our readers saw at %d clients: %s", cell.getKey(),
                    cell.getValue().firstError()).isZero();
        }
    }

    private static Connection plainSqlite(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA busy_timeout=30000");
        }
        return connection;
    }

    private static KvFigures report(String system, KvWorkload workload, int clients, KvFigures figures) {
        System.out.printf(Locale.ROOT, "[%s] %s %d clients: %.0f writes/s p50 %.2f ms, %.0f reads/s p50 %.3f ms,"
                + " %d errors%n", system, workload.label(), clients, figures.writesPerSecond(), figures.writeP50(),
                figures.readsPerSecond(), figures.readP50(), figures.errors());
        return figures;
    }

    private static KvFigures reportReads(String system, int clients, KvFigures figures) {
        System.out.printf(Locale.ROOT, "[%s] kvread %d clients: %.0f reads/s p50 %.3f ms p99 %.3f ms, %d errors%n",
                system, clients, figures.readsPerSecond(), figures.readP50(), figures.readP99(), figures.errors());
        return figures;
    }

    private static String render(List<KvWorkload> workloads, List<Integer> clients, Duration duration,
            Duration warmUp, Map<String, KvFigures> ours, Map<String, KvFigures> dqlite, Map<String, KvFigures> sqlite,
            String dqliteMissing) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d s per cell; ours: 3 JVMs of the notes sample, clients through the"
                + " wire protocol, after a warm-up of %d s of kvreadwrite at 16 clients; dqlite: dqlite-bench.sh, 3"
                + " nodes;"
                + " sqlite: WAL, synchronous=FULL, same Java clients%n%n", duration.toSeconds(), warmUp.toSeconds()));
        if (dqliteMissing != null) {
            out.append("dqlite not measured: ").append(dqliteMissing).append("\n\n");
        }
        out.append("| workload | clients | ours writes/s | p50 | p99 | dqlite writes/s | p50 | p99 | dqlite errors"
                + " | sqlite writes/s | ours/dqlite | ours/sqlite |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> readRows = new ArrayList<>();
        for (KvWorkload workload : workloads) {
            for (int count : clients) {
                String key = DqliteAnchor.key(workload, count);
                KvFigures o = ours.getOrDefault(key, KvFigures.MISSING);
                KvFigures d = dqlite.getOrDefault(key, KvFigures.MISSING);
                KvFigures s = sqlite.getOrDefault(key, KvFigures.MISSING);
                out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f ms | %.2f ms | %.0f | %.2f ms | %.2f ms"
                        + " | %s | %.0f | %.2fx | %.2fx |%n", workload.label(), count, o.writesPerSecond(), o.writeP50(),
                        o.writeP99(), d.writesPerSecond(), d.writeP50(), d.writeP99(),
                        d.measured() ? d.errors() + (d.firstError() == null ? "" : " (" + d.firstError() + ")") : "-",
                        s.writesPerSecond(), o.writesPerSecond() / d.writesPerSecond(),
                        o.writesPerSecond() / s.writesPerSecond()));
                if (o.readsPerSecond() > 0) {
                    readRows.add(String.format(Locale.ROOT, "| %s | %d | %.0f | %.3f ms | %.3f ms | %.0f | %.3f ms"
                            + " | %.3f ms | %.0f | %.2fx | %.2fx |%n", workload.label(), count, o.readsPerSecond(),
                            o.readP50(), o.readP99(), d.readsPerSecond(), d.readP50(), d.readP99(), s.readsPerSecond(),
                            o.readsPerSecond() / d.readsPerSecond(), s.readsPerSecond() / d.readsPerSecond()));
                }
            }
        }
        if (!readRows.isEmpty()) {
            // a client reads between its own writes: while writes succeed, its reads/s are bounded by how long they
            // take, which sqlite/dqlite shows for a database that writes durably but does not replicate
            out.append("\n| workload | clients | ours reads/s | p50 | p99 | dqlite reads/s | p50 | p99 | sqlite reads/s"
                    + " | ours/dqlite | sqlite/dqlite |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
            readRows.forEach(out::append);
        }
        return out.toString();
    }

    private static String renderPointReads(boolean pointReads, List<Integer> clients, Map<Integer, KvFigures> ours,
            Map<Integer, KvFigures> dqlite, Map<Integer, KvFigures> sqlite, String cMissing) {
        if (!pointReads) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n");
        if (cMissing != null) {
            out.append("C dqlite point reads not measured: ").append(cMissing).append("\n\n");
        }
        out.append("| point reads alone (kvread) | clients | ours reads/s | p50 | p99 | C dqlite (dqlite-demo, our driver)"
                + " reads/s | p50 | p99 | errors (ours / dqlite) | sqlite reads/s | ours/dqlite |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int count : clients) {
            KvFigures o = ours.getOrDefault(count, KvFigures.MISSING);
            KvFigures d = dqlite.getOrDefault(count, KvFigures.MISSING);
            KvFigures s = sqlite.getOrDefault(count, KvFigures.MISSING);
            out.append(String.format(Locale.ROOT, "| kvread | %d | %.0f | %.3f ms | %.3f ms | %.0f | %.3f ms | %.3f ms"
                    + " | %d / %s | %.0f | %.2fx |%n", count, o.readsPerSecond(), o.readP50(), o.readP99(),
                    d.readsPerSecond(), d.readP50(), d.readP99(), o.errors(), d.measured() ? d.errors() : "-",
                    s.readsPerSecond(), o.readsPerSecond() / d.readsPerSecond()));
        }
        return out.toString();
    }

    private static String renderBulk(boolean bulk, BulkLoad.Figures ours, BulkLoad.Figures dqlite,
            BulkLoad.Figures sqlite, String cMissing) {
        if (!bulk) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n");
        if (cMissing != null) {
            out.append("C dqlite bulk loads not measured: ").append(cMissing).append("\n\n");
        }
        out.append("| bulk load | ours MiB/s | C dqlite (dqlite-demo, our driver) MiB/s | sqlite MiB/s | ours/dqlite"
                + " | ours/sqlite |\n|---|---|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| one transaction of %d x %d B | %.1f | %.1f | %.1f | %.2fx | %.2fx |%n",
                BulkLoad.ONE_TRANSACTION_ROWS, BulkLoad.ROW_BYTES, ours.oneTransactionMibPerSecond(),
                dqlite.oneTransactionMibPerSecond(), sqlite.oneTransactionMibPerSecond(),
                ours.oneTransactionMibPerSecond() / dqlite.oneTransactionMibPerSecond(),
                ours.oneTransactionMibPerSecond() / sqlite.oneTransactionMibPerSecond()));
        out.append(String.format(Locale.ROOT, "| %d rows of %d B, %d per transaction | %.1f | %.1f | %.1f | %.2fx"
                + " | %.2fx |%n", BulkLoad.BATCHED_ROWS, BulkLoad.ROW_BYTES, BulkLoad.ROWS_PER_TRANSACTION,
                ours.batchedMibPerSecond(), dqlite.batchedMibPerSecond(), sqlite.batchedMibPerSecond(),
                ours.batchedMibPerSecond() / dqlite.batchedMibPerSecond(),
                ours.batchedMibPerSecond() / sqlite.batchedMibPerSecond()));
        return out.toString();
    }
}
