package io.dqlite.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three standalone jars as three JVMs on 127.0.0.1, each reached by clients only through a forwarded port
 * (as a container's published port) while it listens on another: the configuration the Testcontainers
 * cluster gives its nodes, node 3's by environment variables alone.
 */
class StandaloneClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private final Map<String, String> forwardedAddresses = new LinkedHashMap<>();
    private final List<PortForwarder> forwarders = new ArrayList<>();

    @AfterEach
    void killNodes() throws Exception {
        for (NodeProcess node : nodes.values()) {
            node.close();
        }
        for (PortForwarder forwarder : forwarders) {
            forwarder.close();
        }
    }

    @Test
    void writesThroughOneNodeAreReadThroughTheOthersAndSurviveTheLeadersKill() throws Exception {
        startCluster();
        String url = url("1") + "?leaderTimeout=2000";
        await("a write through node 1's address", () -> {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)");
                statement.executeUpdate("INSERT OR REPLACE INTO notes (id, body) VALUES (1, 'written through node 1')");
                return true;
            }
        });
        assertThat(readBody(url("2"))).as("read through node 2's address").contains("written through node 1");

        String leader = await("all three nodes naming one leader", () -> {
            List<Optional<String>> reported = nodes.values().stream().map(NodeProcess::reportedLeader).toList();
            return reported.stream().distinct().count() == 1 ? reported.get(0).orElse(null) : null;
        });
        nodes.get(leader).kill();
        List<String> survivors = nodes.keySet().stream().filter(id -> !id.equals(leader)).toList();
        String survivorsUrl = url(survivors.toArray(String[]::new)) + "?leaderTimeout=20000";
        assertThat(readBody(survivorsUrl)).contains("written through node 1");
        try (Connection connection = DriverManager.getConnection(survivorsUrl); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO notes (id, body) VALUES (2, 'after node " + leader + " died')"))
                    .isEqualTo(1);
        }

        NodeProcess stopping = nodes.get(survivors.get(0));
        int status = stopping.terminate(TIMEOUT);
        assertThat(status).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(stopping.output()).contains("dqlite node " + survivors.get(0) + " stopping",
                "dqlite node " + survivors.get(0) + " stopped");
    }

    @Test
    void aSurvivorOfALostQuorumIsRecoveredAloneAndFreshNodesJoinIt() throws Exception {
        int[] ports = freePorts(6);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add((i + 1) + "=127.0.0.1:" + ports[i] + "/127.0.0.1:" + ports[i + 3]);
            forwardedAddresses.put(Integer.toString(i + 1), "127.0.0.1:" + ports[i]);
        }
        for (String id : List.of("1", "2", "3")) {
            nodes.put(id, NodeProcess.start(List.of("--node-id", id, "--members", String.join(",", members),
                    "--data-directory", directory.resolve("node-" + id).toString()), Map.of(),
                    directory.resolve("node-" + id + ".log")));
        }
        String all = url("1", "2", "3") + "?leaderTimeout=2000";
        await("a table through the cluster", () -> {
            try (Connection connection = DriverManager.getConnection(all); Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)");
                return true;
            }
        });
        try (Connection connection = DriverManager.getConnection(all); Statement statement = connection.createStatement()) {
            for (int id = 1; id <= 100; id++) {
                statement.executeUpdate("INSERT INTO notes (id, body) VALUES (" + id + ", 'acknowledged')");
            }
        }
        // the leader has every acknowledged write: it survives, the other two are lost for good
        String survivor = await("all three nodes naming one leader", () -> {
            List<Optional<String>> reported = nodes.values().stream().map(NodeProcess::reportedLeader).toList();
            return reported.stream().distinct().count() == 1 ? reported.get(0).orElse(null) : null;
        });
        for (NodeProcess node : nodes.values()) {
            node.kill();
        }
        String survivorAddress = forwardedAddresses.get(survivor);
        String survivorRaft = "127.0.0.1:" + ports[Integer.parseInt(survivor) + 2];
        // roles as the operator changes them: the fresh nodes join as voters at once
        List<String> alone = List.of("--node-id", survivor, "--address", survivorAddress, "--raft-address", survivorRaft,
                "--data-directory", directory.resolve("node-" + survivor).toString(), "--voters", "0");
        List<String> recover = new ArrayList<>(alone);
        recover.addAll(List.of("--recover", "true"));
        NodeProcess recovery = NodeProcess.start(recover, Map.of(), directory.resolve("recover.log"));
        assertThat(recovery.awaitExit(TIMEOUT)).as(recovery.output()).isZero();
        assertThat(recovery.output()).contains("is now the only voter of its cluster");

        nodes.clear();
        nodes.put(survivor, NodeProcess.start(alone, Map.of(), directory.resolve("survivor.log")));
        for (String id : List.of("4", "5")) {
            int wire = pairedFreePort();
            forwardedAddresses.put(id, "127.0.0.1:" + wire);
            nodes.put(id, NodeProcess.start(List.of("--node-id", id, "--address", "127.0.0.1:" + wire, "--join",
                    survivorAddress, "--data-directory", directory.resolve("node-" + id).toString(), "--voters", "0"),
                    Map.of(),
                    directory.resolve("node-" + id + ".log")));
        }
        String fresh = url("4", "5") + "?leaderTimeout=2000";
        assertThat(await("the 100 rows through the fresh nodes", () -> {
            try (Connection connection = DriverManager.getConnection(fresh); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM notes WHERE body = 'acknowledged'")) {
                return rows.next() && rows.getLong(1) == 100 ? 100L : null;
            }
        })).isEqualTo(100L);
        // the fresh nodes are voters: without the survivor they still make a majority of three
        await("both fresh nodes joined", () -> nodes.get("4").output().contains("joined the cluster")
                && nodes.get("5").output().contains("joined the cluster") ? true : null);
        nodes.get(survivor).kill();
        await("a write through the fresh nodes alone", () -> {
            try (Connection connection = DriverManager.getConnection(url("4", "5") + "?leaderTimeout=20000");
                    Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT OR REPLACE INTO notes (id, body) VALUES (101, 'after')") == 1
                        ? true : null;
            }
        });
    }

    // a free port whose default Raft port (+ 1000) is free too, as a joining node needs
    static int pairedFreePort() throws IOException {
        while (true) {
            int port = freePorts(1)[0];
            if (port + 1000 > 65535) {
                continue;
            }
            try (ServerSocket raft = new ServerSocket(port + 1000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another pair
            }
        }
    }

    private void startCluster() throws IOException {
        List<String> members = new ArrayList<>();
        Map<String, Integer> bindPorts = new LinkedHashMap<>();
        int[] ports = freePorts(6);
        for (int i = 0; i < 3; i++) {
            String id = Integer.toString(i + 1);
            PortForwarder forwarder = PortForwarder.to(ports[i]);
            forwarders.add(forwarder);
            bindPorts.put(id, ports[i]);
            forwardedAddresses.put(id, "127.0.0.1:" + forwarder.port());
            members.add(id + "=127.0.0.1:" + forwarder.port() + "/127.0.0.1:" + ports[i + 3]);
        }
        String memberList = String.join(",", members);
        for (String id : List.of("1", "2")) {
            nodes.put(id, NodeProcess.start(List.of("--node-id", id, "--members", memberList,
                    "--bind-address", "127.0.0.1:" + bindPorts.get(id),
                    "--data-directory", directory.resolve("node-" + id).toString()),
                    Map.of(), directory.resolve("node-" + id + ".log")));
        }
        nodes.put("3", NodeProcess.start(List.of(), Map.of("DQLITE_NODE_ID", "3", "DQLITE_MEMBERS", memberList,
                "DQLITE_BIND_ADDRESS", "127.0.0.1:" + bindPorts.get("3"),
                "DQLITE_DATA_DIRECTORY", directory.resolve("node-3").toString()), directory.resolve("node-3.log")));
    }

    private String url(String... ids) {
        List<String> addresses = new ArrayList<>();
        for (String id : ids) {
            addresses.add(forwardedAddresses.get(id));
        }
        return "jdbc:dqlite://" + String.join(",", addresses) + "/standalone";
    }

    private static Optional<String> readBody(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT body FROM notes WHERE id = 1")) {
            return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        }
    }

    private <T> T await(String what, Callable<T> attempt) throws InterruptedException {
        return new NodeLogs(nodes, TIMEOUT).await(what, attempt);
    }

    /** Returns {@code count} distinct ports of 127.0.0.1 that were free a moment ago, held open together while picked. */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
