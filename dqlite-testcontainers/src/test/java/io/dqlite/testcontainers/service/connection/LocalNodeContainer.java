package io.dqlite.testcontainers.service.connection;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.RaftTiming;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.testcontainers.DqliteContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@link DqliteContainer} whose node runs in this JVM instead of Docker, on free ports of 127.0.0.1 in a
 * fresh directory: its host and published port are the node's own, so everything that reads a container's
 * host and port works without a Docker engine.
 */
final class LocalNodeContainer extends DqliteContainer {

    private Node node;
    private Path directory;

    LocalNodeContainer() {
        super(DockerImageName.parse("dqlite-standalone:local"));
    }

    @Override
    public synchronized void start() {
        if (node != null) {
            return;
        }
        try {
            directory = Files.createTempDirectory("dqlite-local-node");
            Member self = new Member("1", "127.0.0.1:" + freePort(), "127.0.0.1:" + freePort());
            node = Node.start(new NodeConfig("1", directory, List.of(self), RaftTiming.defaults(),
                    ReplicationSettings.defaults()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void stop() {
        if (node == null) {
            return;
        }
        try {
            node.close();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            node = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return node != null;
    }

    @Override
    public String getHost() {
        return "127.0.0.1";
    }

    @Override
    public Integer getMappedPort(int originalPort) {
        if (originalPort != WIRE_PORT || node == null) {
            throw new IllegalStateException("only the wire port of a started node is published, not " + originalPort);
        }
        String address = node.status().members().get(0).address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Override
    public String getDockerImageName() {
        return "dqlite-standalone:local";
    }

    /** Returns the node, once started. */
    Node node() {
        return node;
    }
}
