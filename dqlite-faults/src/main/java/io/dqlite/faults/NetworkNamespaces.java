package io.dqlite.faults;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private network for a cluster, made by the test itself: one network namespace per node, each
 * joined by a veth pair to a bridge of its own on 10.213.0.0/24 (the host is 10.213.0.254), so a
 * node can be cut off by taking its veth down. Everything it creates is deleted on {@link #close()}
 * and, failing that, when the JVM exits. Needs root and iproute2.
 */
public final class NetworkNamespaces implements AutoCloseable {

    /** The subnet's first three octets; node n is {@code SUBNET + "." + n}. */
    public static final String SUBNET = "10.213.0";
    private static final String HOST_ADDRESS = SUBNET + ".254";

    private final String token;
    private final int size;
    private final List<String> created = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteQuietly, "faults-netns-cleanup");

    private NetworkNamespaces(int size) {
        this.token = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(1 << 16));
        this.size = size;
    }

    /** Returns why namespaces cannot be used here, or empty when they can. */
    public static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the partition test needs root to create network namespaces; it runs as "
                    + System.getProperty("user.name"));
        }
        boolean hasIp = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "ip")));
        if (!hasIp) {
            return Optional.of("the partition test needs iproute2's ip command, which is not on the PATH");
        }
        try {
            String addresses = run("ip", "-4", "-o", "addr", "show");
            if (addresses.contains(" " + SUBNET + ".")) {
                return Optional.of("the partition test's subnet " + SUBNET + ".0/24 is already in use on this host");
            }
            run("ip", "netns", "list");
        } catch (IOException e) {
            return Optional.of("ip does not work here: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Creates the bridge and one namespace per node (ids 1..size), each with its address and loopback up. */
    public static NetworkNamespaces create(int size) throws IOException {
        NetworkNamespaces network = new NetworkNamespaces(size);
        Runtime.getRuntime().addShutdownHook(network.cleanup);
        try {
            network.build();
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    private void build() throws IOException {
        String bridge = bridge();
        run("ip", "link", "add", bridge, "type", "bridge");
        created.add("link:" + bridge);
        run("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        for (int node = 1; node <= size; node++) {
            String namespace = namespace(node);
            String inside = "dqfp" + token + node;
            run("ip", "netns", "add", namespace);
            created.add("netns:" + namespace);
            run("ip", "link", "add", hostSide(node), "type", "veth", "peer", "name", inside);
            // deleted explicitly: a namespace's veths otherwise vanish only some time after the namespace
            created.add("link:" + hostSide(node));
            run("ip", "link", "set", inside, "netns", namespace);
            run("ip", "link", "set", hostSide(node), "master", bridge);
            run("ip", "link", "set", hostSide(node), "up");
            run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", namespace, "ip", "addr", "add", address(node) + "/24", "dev", inside);
            run("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up");
        }
    }

    /** Returns the namespace node {@code node} runs in. */
    public String namespace(int node) {
        return "dqf-" + token + "-" + node;
    }

    /** Returns node {@code node}'s address inside its namespace. */
    public static String address(int node) {
        return SUBNET + "." + node;
    }

    private String bridge() {
        return "dqfb" + token;
    }

    private String hostSide(int node) {
        return "dqfh" + token + node;
    }

    /** Cuts node {@code node} off from every other node and from the clients by taking its veth down. */
    public void isolate(int node) throws IOException {
        run("ip", "link", "set", hostSide(node), "down");
    }

    /** Reconnects node {@code node}. */
    public void heal(int node) throws IOException {
        run("ip", "link", "set", hostSide(node), "up");
    }

    /** Deletes the namespaces (their veths go with them) and the bridge. */
    @Override
    public void close() throws IOException {
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down and runs the hook itself
        }
        boolean gone;
        try {
            gone = Waits.within(Duration.ofSeconds(10), () -> leftovers().isEmpty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone = false;
        }
        if (!gone) {
            throw new IOException("could not delete the test network " + token + ": " + leftovers());
        }
    }

    private String leftovers() {
        try {
            return (run("ip", "-o", "link", "show") + run("ip", "netns", "list")).lines()
                    .filter(line -> line.contains(token)).collect(Collectors.joining("; "));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private synchronized void deleteQuietly() {
        for (int i = created.size() - 1; i >= 0; i--) {
            String[] item = created.get(i).split(":", 2);
            try {
                if (item[0].equals("netns")) {
                    run("ip", "netns", "del", item[1]);
                } else {
                    run("ip", "link", "del", item[1]);
                }
                created.remove(i);
            } catch (IOException e) {
                System.err.println("faults: could not delete " + created.get(i) + ": " + e.getMessage());
            }
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.trim());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        } finally {
            process.destroyForcibly();
        }
    }
}
