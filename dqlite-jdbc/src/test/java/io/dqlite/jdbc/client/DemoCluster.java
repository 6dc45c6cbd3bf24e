package io.dqlite.jdbc.client;

import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Three C dqlite nodes run by go-dqlite's dqlite-demo on free loopback ports, killed by PID on close. */
final class DemoCluster implements AutoCloseable {

    static final String DEMO = "/usr/bin/dqlite-demo";

    private final List<Process> processes = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    static boolean available() {
        return new File(DEMO).canExecute();
    }

    /** Starts node 1, waits until it listens, then starts nodes 2 and 3 joining it. */
    DemoCluster(Path directory) throws IOException, InterruptedException {
        try {
            for (int node = 1; node <= 3; node++) {
                String address = "127.0.0.1:" + freePort();
                Path dir = Files.createDirectories(directory.resolve("node" + node));
                List<String> command = new ArrayList<>(List.of(DEMO, "--api", "127.0.0.1:" + freePort(), "--db", address,
                        "--dir", dir.toString()));
                if (node > 1) {
                    command.addAll(List.of("--join", addresses.get(0)));
                }
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(directory.resolve("node" + node + ".out").toFile()).start());
                addresses.add(address);
                awaitListening(address, Duration.ofSeconds(20));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits until every node names the same leader, which dqlite-demo's nodes do once they have the
     * configuration and were promoted from spare to voter; returns that leader.
     */
    String awaitSettled(ClientSettings settings, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            java.util.Set<String> named = new java.util.HashSet<>();
            for (String address : addresses) {
                try (NodeConnection connection = NodeConnection.open(NodeAddress.parse(address), settings, Duration.ofSeconds(2))) {
                    if (connection.call(new Request.Leader()) instanceof Response.Server server) {
                        named.add(server.address());
                    }
                }
            }
            if (named.size() == 1 && !named.contains("")) {
                return named.iterator().next();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the dqlite-demo nodes " + addresses + " did not agree on a leader within "
                        + timeout + "; they named " + named);
            }
            processes.get(0).waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    List<String> addresses() {
        return List.copyOf(addresses);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(String address, Duration timeout) throws IOException, InterruptedException {
        NodeAddress node = NodeAddress.parse(address);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(node.host(), node.port()), 200);
                return;
            } catch (IOException e) {
                Process last = processes.get(processes.size() - 1);
                if (!last.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("dqlite-demo node at " + address + " did not start listening", e);
                }
                last.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
    }
}
