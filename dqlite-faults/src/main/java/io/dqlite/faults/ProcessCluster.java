package io.dqlite.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A cluster of {@link NodeProcess}es: starts them, waits until the running ones agree on a leader,
 * names the leader and the followers, builds JDBC URLs, and ends every process it started.
 */
public final class ProcessCluster implements AutoCloseable {

    /** How long a cluster may take to elect a leader that every running node knows, with JVMs starting on 2 cores. */
    public static final Duration STABLE_TIMEOUT = Duration.ofSeconds(180);

    private final List<NodeProcess> nodes;

    /** Creates the cluster {@code specs}; each node keeps its data and log under {@code directory}. */
    public ProcessCluster(List<NodeSpec> specs, Path jar, Path directory) {
        this.nodes = specs.stream().map(spec -> new NodeProcess(spec, specs, jar, directory)).toList();
    }

    /** Creates a cluster of {@code size} nodes on 127.0.0.1 with free ports. */
    public static ProcessCluster onLoopback(int size, Path jar, Path directory) {
        int[] ports = FreePorts.pick(3 * size);
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            specs.add(new NodeSpec(i + 1, "127.0.0.1", ports[i], ports[size + i], ports[2 * size + i], null));
        }
        return new ProcessCluster(specs, jar, directory);
    }

    /** Creates a cluster of one node per namespace of {@code network}, each on its own address with the same ports. */
    public static ProcessCluster inNamespaces(NetworkNamespaces network, int size, Path jar, Path directory) {
        List<NodeSpec> specs = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            specs.add(new NodeSpec(id, NetworkNamespaces.address(id), 8080, 9001, 9101, network.namespace(id)));
        }
        return new ProcessCluster(specs, jar, directory);
    }

    /** Returns the nodes, in id order. */
    public List<NodeProcess> nodes() {
        return nodes;
    }

    /** Starts every node that is not running and waits until the cluster is stable. */
    public NodeProcess start() throws IOException, InterruptedException, TimeoutException {
        for (NodeProcess node : nodes) {
            if (!node.alive()) {
                node.start();
            }
        }
        return awaitStable();
    }

    /**
     * Waits until every running, unpaused node is ready and names the same leader, which is one of them
     * and says it leads; returns that leader.
     */
    public NodeProcess awaitStable() throws InterruptedException, TimeoutException {
        return awaitStableAmong(null);
    }

    /**
     * Waits until every node of {@code group} (null: every running, unpaused node) is ready and names the
     * same leader, which is one of them; returns that leader.
     */
    public NodeProcess awaitStableAmong(List<NodeProcess> group) throws InterruptedException, TimeoutException {
        NodeProcess[] leader = new NodeProcess[1];
        try {
            Waits.await("a leader known to every running node" + (group == null ? "" : " of " + group),
                    STABLE_TIMEOUT, () -> {
                leader[0] = stableLeader(group == null ? up() : group).orElse(null);
                return leader[0] != null;
            });
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "; " + describe() + "\n" + logTails());
        }
        return leader[0];
    }

    /** Returns the leader every running, unpaused node agrees on and that is ready, if there is one right now. */
    public Optional<NodeProcess> stableLeader() {
        return stableLeader(up());
    }

    private Optional<NodeProcess> stableLeader(List<NodeProcess> up) {
        if (up.isEmpty() || up.size() <= nodes.size() / 2) {
            return Optional.empty();
        }
        String leaderId = null;
        for (NodeProcess node : up) {
            Optional<NodeView> view = node.view();
            if (view.isEmpty() || view.get().leaderId() == null
                    || (leaderId != null && !leaderId.equals(view.get().leaderId()))) {
                return Optional.empty();
            }
            leaderId = view.get().leaderId();
            if (view.get().leads() != leaderId.equals(String.valueOf(node.id())) || !node.ready()) {
                return Optional.empty();
            }
        }
        String agreed = leaderId;
        return up.stream().filter(node -> String.valueOf(node.id()).equals(agreed)).findFirst();
    }

    /** Returns the running nodes that are not paused. */
    public List<NodeProcess> up() {
        return nodes.stream().filter(node -> node.alive() && !node.paused()).toList();
    }

    /** Returns the node with {@code id}. */
    public NodeProcess node(int id) {
        return nodes.stream().filter(node -> node.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + describe()));
    }

    /** Returns a URL that lists every node, starting with the {@code first}-th (modulo the size), to the database. */
    public String jdbcUrl(int first, String database) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            addresses.add(nodes.get((first + i) % nodes.size()).spec().wireAddress());
        }
        return url(addresses, database);
    }

    /** Returns a URL that names only {@code node}, so the driver starts there and follows it to the leader. */
    public String jdbcUrlThrough(NodeProcess node, String database) {
        return url(List.of(node.spec().wireAddress()), database);
    }

    private static String url(List<String> addresses, String database) {
        return "jdbc:dqlite://" + String.join(",", addresses) + "/" + database + "?leaderTimeout=10000&readTimeout=20000";
    }

    /** Returns each node's state in one line, for messages. */
    public String describe() {
        return nodes.stream().map(node -> node + ": " + (!node.alive() ? "down" : node.paused() ? "paused"
                : node.view().map(Object::toString).orElse("not answering"))).collect(Collectors.joining("; "));
    }

    /** Returns the last lines of every node's log, for failure messages. */
    public String logTails() {
        return nodes.stream().map(node -> "--- " + node.log() + "\n" + node.logTail(25))
                .collect(Collectors.joining("\n"));
    }

    /** Kills every node's JVM (resuming none: SIGKILL ends a stopped process too) and waits for each to exit. */
    @Override
    public void close() throws IOException, InterruptedException {
        IOException failure = null;
        for (NodeProcess node : nodes) {
            try {
                node.kill();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
