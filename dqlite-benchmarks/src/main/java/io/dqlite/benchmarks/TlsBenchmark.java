package io.dqlite.benchmarks;

import io.dqlite.core.tls.NodeTls;
import io.dqlite.jdbc.DqliteDataSource;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.ClientTls;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import io.dqlite.jdbc.tls.PemTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * TLS against plain TCP on a 3-node cluster in this JVM, through the wire protocol to the leader: commits per second
 * (autocommit {@code INSERT OR REPLACE} of a 1 KiB value under a random key of 10,000) and point-read latency, with
 * 1 and 16 clients each on its own connection. With TLS both ports use it: mutual TLS between the nodes, TLS with a
 * client certificate from the clients. Certificates are made with openssl for the run.
 *
 * <p>Arguments: {@code [seconds per measurement]} (default 5); plain and TLS take turns in three rounds, the first
 * of which warms the JVM and is left out of the ratios.
 */
public final class TlsBenchmark {

    private static final int KEYS = 10_000;
    private static final int ROUNDS = 3;
    private static final int[] CLIENTS = {1, 16};
    private static final String VALUE = "v".repeat(1024);

    private TlsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            System.out.println("TLS benchmark skipped: /usr/bin/openssl is missing (Debian package openssl)");
            return;
        }
        Path certificates = Files.createTempDirectory("dqlite-tls-bench");
        try {
            openssl(certificates, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "cluster.key", "-out", "cluster.crt", "-days", "2", "-subj", "/CN=dqlite",
                    "-addext", "subjectAltName=DNS:dqlite,IP:127.0.0.1");
            Path certificate = certificates.resolve("cluster.crt");
            Path key = certificates.resolve("cluster.key");
            NodeTls nodeTls = NodeTls.fromPem(certificate, key, certificate, NodeTls.ClientAuth.REQUIRED);
            ClientTls clientTls = new ClientTls(PemTls.context(PemTls.keyManager(PemTls.privateKey(key),
                    PemTls.certificates(certificate)), PemTls.trustManager(PemTls.certificates(certificate))), true);
            System.out.printf("TLS benchmark: %d s per measurement, 3 nodes in one JVM, clients over the wire protocol"
                    + " to the leader; Java %s, %d CPUs%n", seconds, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-6s %-5s %7s %-12s %12s %10s %10s%n", "round", "mode", "clients", "workload", "ops/s",
                    "p50 ms", "p99 ms");
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (boolean tls : new boolean[] {false, true}) {
                    try (BenchmarkCluster cluster = BenchmarkCluster.start(config -> tls ? config.withTls(nodeTls)
                            : config)) {
                        String address = cluster.leaderAddress();
                        DataSource clients = new DqliteDataSource(new RemoteSessionFactory(List.of(address),
                                ClientSettings.defaults().withTls(tls ? clientTls : null)), "bench",
                                "jdbc:dqlite://" + address + "/bench");
                        preload(clients);
                        for (int count : CLIENTS) {
                            for (String workload : List.of("commit", "point read")) {
                                double[] measured = measure(clients, count, workload, seconds);
                                System.out.printf("%-6d %-5s %7d %-12s %,12.0f %10.2f %10.2f%n", round,
                                        tls ? "TLS" : "plain", count, workload, measured[0], measured[1], measured[2]);
                                results.computeIfAbsent(count + " " + workload + " " + tls, k -> new ArrayList<>())
                                        .add(measured);
                            }
                        }
                    }
                }
            }
            System.out.println("TLS / plain, per measured round (ops/s ratio, p50 ratio; round 1 warmed the JVM):");
            for (int count : CLIENTS) {
                for (String workload : List.of("commit", "point read")) {
                    List<double[]> plain = results.get(count + " " + workload + " false");
                    List<double[]> tls = results.get(count + " " + workload + " true");
                    StringBuilder line = new StringBuilder(String.format("%2d clients %-11s", count, workload));
                    for (int round = 1; round < ROUNDS; round++) {
                        line.append(String.format("  round %d: %.2f, %.2f", round + 1,
                                tls.get(round)[0] / plain.get(round)[0], tls.get(round)[1] / plain.get(round)[1]));
                    }
                    System.out.println(line);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(certificates)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    // returns ops/s, p50 and p99 in milliseconds of {@code count} clients running {@code workload}
    private static double[] measure(DataSource dataSource, int count, String workload, int seconds)
            throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; i < count; i++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement write = connection.prepareStatement(
                                "INSERT OR REPLACE INTO kv(k, v) VALUES (?, ?)");
                        PreparedStatement read = connection.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
                    int n = 0;
                    long now = System.nanoTime();
                    while (now < end) {
                        int k = 1 + ThreadLocalRandom.current().nextInt(KEYS);
                        if (workload.equals("commit")) {
                            write.setInt(1, k);
                            write.setString(2, VALUE);
                            write.executeUpdate();
                        } else {
                            read.setInt(1, k);
                            try (ResultSet row = read.executeQuery()) {
                                row.next();
                            }
                        }
                        long after = System.nanoTime();
                        if (now >= warmUpEnd && n < mine.length - 1) {
                            mine[++n] = after - now;
                        }
                        now = after;
                    }
                    mine[0] = n;
                } catch (SQLException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        int total = 0;
        for (long[] mine : latencies) {
            total += (int) mine[0];
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] mine : latencies) {
            System.arraycopy(mine, 1, all, at, (int) mine[0]);
            at += (int) mine[0];
        }
        Arrays.sort(all);
        return new double[] {total / (double) seconds, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6};
    }

    private static void preload(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT)");
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + KEYS
                    + ") INSERT INTO kv SELECT i, '" + VALUE + "' FROM n");
        }
    }

    private static void openssl(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(arguments));
        Path output = directory.resolve("openssl.out");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("openssl failed: " + Files.readString(output, StandardCharsets.UTF_8));
        }
    }
}
