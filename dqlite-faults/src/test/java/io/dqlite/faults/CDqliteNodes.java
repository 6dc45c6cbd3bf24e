package io.dqlite.faults;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three C dqlite nodes run by go-dqlite's {@code dqlite-demo} on free ports of 127.0.0.1, usable
 * through our driver; killed by PID on close.
 */
final class CDqliteNodes implements AutoCloseable {

    static final String DEMO = "/usr/bin/dqlite-demo";
    static final String SHELL = "/usr/bin/dqlite";

    private final List<Process> processes = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private final Path directory;

    /** Returns why the nodes cannot run here, or null when they can. */
    static String missing() {
        for (String binary : List.of(DEMO, SHELL)) {
            if (!new File(binary).canExecute()) {
                return binary + " is not installed (Debian package go-dqlite)";
            }
        }
        return null;
    }

    /** Starts node 1, then nodes 2 and 3 joining it, and waits until all three are voters. */
    CDqliteNodes(Path directory, Duration timeout) throws IOException, InterruptedException {
        this.directory = directory;
        int[] ports = FreePorts.pick(6);
        try {
            for (int node = 1; node <= 3; node++) {
                String address = "127.0.0.1:" + ports[node - 1];
                Path data = Files.createDirectories(directory.resolve("c-node" + node));
                List<String> command = new ArrayList<>(List.of(DEMO, "--api", "127.0.0.1:" + ports[node + 2],
                        "--db", address, "--dir", data.toString()));
                if (node > 1) {
                    command.addAll(List.of("--join", addresses.get(0)));
                }
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(directory.resolve("c-node" + node + ".out").toFile()).start());
                addresses.add(address);
            }
            awaitThreeVoters(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Returns a URL of our driver that lists the three nodes. */
    String jdbcUrl(String database) {
        return "jdbc:dqlite://" + String.join(",", addresses) + "/" + database + "?leaderTimeout=30000&readTimeout=300000";
    }

    /** dqlite-demo joins nodes as spares and promotes them: a commit needs a quorum of three only after that. */
    private void awaitThreeVoters(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Process shell = new ProcessBuilder(SHELL, "-s", String.join(",", addresses), "bench", ".cluster")
                    .redirectErrorStream(true).start();
            if (shell.waitFor(10, TimeUnit.SECONDS)) {
                last = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (last.lines().filter(line -> line.contains("voter")).count() == 3) {
                    return;
                }
            } else {
                shell.destroyForcibly();
            }
            processes.get(0).waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IOException("the dqlite-demo nodes in " + directory + " did not become three voters within " + timeout
                + "; the shell last said: " + last.strip());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
