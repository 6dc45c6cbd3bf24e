package io.dqlite.faults;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Canonical's C dqlite measured by {@code ../shared/anchors/dqlite-bench.sh} (go-dqlite's
 * {@code dqlite-benchmark}, three nodes on 127.0.0.1), in the same run as our figures.
 */
final class DqliteAnchor {

    static final String BENCHMARK = "/usr/bin/dqlite-benchmark";

    private final Path script;

    private DqliteAnchor(Path script) {
        this.script = script;
    }

    /** Returns the anchor, or the reason it cannot run on this machine. */
    static Object locate() {
        Path script = Path.of(System.getProperty("bench.anchor", "../../shared/anchors/dqlite-bench.sh"));
        if (!Files.isRegularFile(script)) {
            script = Path.of("../shared/anchors/dqlite-bench.sh");
        }
        if (!Files.isRegularFile(script)) {
            return "the dqlite anchor script (../shared/anchors/dqlite-bench.sh, or -Dbench.anchor) is missing";
        }
        if (!new File(BENCHMARK).canExecute()) {
            return BENCHMARK + " is not installed (Debian package go-dqlite)";
        }
        return new DqliteAnchor(script.toAbsolutePath().normalize());
    }

    /**
     * Runs every workload at every client count, one 3-node dqlite cluster per cell, and returns the
     * figures by workload label and clients; {@code log} receives the script's output.
     */
    Map<String, KvFigures> run(List<KvWorkload> workloads, List<Integer> clients, Duration duration, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("DUR", Long.toString(duration.toSeconds()));
        env.put("REPS", "1");
        env.put("NODES_LIST", "3");
        env.put("SKIP_INSTALL", "1");
        env.put("SKIP_SQLITE", "1");
        env.put("WORKLOADS", String.join(" ", workloads.stream().map(KvWorkload::label).toList()));
        env.put("WORKERS_LIST", String.join(" ", clients.stream().map(String::valueOf).toList()));
        env.put("DQLITE_ANCHOR_DIR", log.resolveSibling("dqlite-anchor").toString());
        Process process = builder.start();
        Map<String, KvFigures> figures = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                System.out.println("[dqlite] " + line);
                parse(line, figures);
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.writeString(log, output);
        }
        return figures;
    }

    /** Returns the key under which {@link #run} files a cell's figures. */
    static String key(KvWorkload workload, int clients) {
        return workload.label() + " " + clients;
    }

    /** Reads a line such as {@code dqlite 3n kvwrite w16 rep1 writes=... writes/s=... w_p50_ms=...}. */
    private static void parse(String line, Map<String, KvFigures> figures) {
        String[] tokens = line.trim().split("\\s+");
        if (tokens.length < 5 || !tokens[0].equals("dqlite") || !tokens[1].equals("3n") || !tokens[3].startsWith("w")) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        for (String token : tokens) {
            int equals = token.indexOf('=');
            if (equals > 0) {
                values.put(token.substring(0, equals), token.substring(equals + 1));
            }
        }
        long errors = (long) number(values, "w_err") + (long) number(values, "r_err");
        figures.put(tokens[2] + " " + tokens[3].substring(1), new KvFigures(number(values, "writes/s"),
                number(values, "w_p50_ms"), number(values, "w_p99_ms"), number(values, "reads/s"),
                number(values, "r_p50_ms"), number(values, "r_p99_ms"), errors,
                values.containsKey("w_busy") && number(values, "w_busy") > 0
                        ? (long) number(values, "w_busy") + " 'database is locked'" : null));
    }

    private static double number(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? (name.startsWith("r") || name.startsWith("reads") ? Double.NaN : 0) : Double.parseDouble(value);
    }
}
