package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** Properties of test nodes on free ports of 127.0.0.1, and a bounded wait on conditions. */
public final class TestNodes {

    private static final Set<Integer> USED_PORTS = ConcurrentHashMap.newKeySet();

    private TestNodes() {
    }

    /** Returns the properties of a single node on free ports with its data in {@code directory}. */
    public static List<String> singleNode(Path directory) {
        List<String> properties = new ArrayList<>(fastElections());
        properties.add("dqlite.address=127.0.0.1:" + freePort());
        properties.add("dqlite.raft-address=127.0.0.1:" + freePort());
        properties.add("dqlite.data-directory=" + directory);
        return properties;
    }

    /** Returns election timeouts short enough for quick tests yet safe on a loaded 2-core machine. */
    public static List<String> fastElections() {
        return List.of("dqlite.election.timeout-min=600ms", "dqlite.election.timeout-max=1200ms");
    }

    /** Returns a port free on 127.0.0.1 that this JVM has not handed out before. */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (USED_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Returns a free wire port whose default Raft port (+ 1000) is free too, as a node that joins needs. */
    public static int joiningWirePort() {
        while (true) {
            int wire = freePort();
            if (wire + 1000 > 65535 || !USED_PORTS.add(wire + 1000)) {
                continue;
            }
            try (ServerSocket raft = new ServerSocket(wire + 1000, 1, InetAddress.getLoopbackAddress())) {
                return wire;
            }
            catch (IOException taken) {
                // another process holds it: try another pair
            }
        }
    }

    /** Executes {@code sql} on {@code database} of {@code node}, which must lead. */
    public static void execute(Node node, String database, String sql) throws SQLException {
        node.database(database).execute(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(sql);
            }
        });
    }

    /** Returns the first column of the first row {@code sql} selects from {@code database} of {@code node}. */
    public static long queryLong(Node node, String database, String sql) throws SQLException {
        return node.database(database).execute(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
