package io.dqlite.testcontainers;

import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.utility.DockerImageName;

/**
 * Several {@link DqliteContainer}s forming one cluster on a network of their own: they reach each other's Raft
 * servers by network alias ({@code dqlite-1}, {@code dqlite-2}, ...) and clients reach them at the ports Docker
 * publishes. Each node learns every member's published port before it starts, so it can tell clients where
 * the leader is.
 */
public final class DqliteCluster implements Startable {

    private final Network network = Network.newNetwork();
    private final List<DqliteContainer> nodes;
    private boolean started;

    /** Creates a cluster of {@code size} nodes of {@code image}. */
    public DqliteCluster(DockerImageName image, int size) {
        this(size, () -> new DqliteContainer(image));
    }

    /** Creates a cluster of {@code size} nodes of an image still being resolved or built, such as an {@code ImageFromDockerfile}. */
    public DqliteCluster(Future<String> image, int size) {
        this(size, () -> new DqliteContainer(image));
    }

    /** Creates a cluster of {@code size} nodes that {@code newNode} makes, for containers configured further. */
    public DqliteCluster(int size, Supplier<DqliteContainer> newNode) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + size);
        }
        this.nodes = IntStream.rangeClosed(1, size)
                .mapToObj(id -> newNode.get().joining(this, Integer.toString(id), network))
                .toList();
    }

    /** Sets the database every node's JDBC URL opens. */
    public DqliteCluster withDatabase(String database) {
        nodes.forEach(node -> node.withDatabase(database));
        return this;
    }

    /** Returns the nodes, node 1 first; annotate one with {@code @ServiceConnection} for a URL naming them all. */
    public List<DqliteContainer> getNodes() {
        return nodes;
    }

    /** Returns the {@code jdbc:dqlite://} URL naming every node. */
    public String getJdbcUrl() {
        return nodes.get(0).getJdbcUrl();
    }

    /** Returns the host:port clients reach each node at, node 1 first. */
    List<String> clientAddresses() {
        return nodes.stream().map(DqliteContainer::getClientAddress).toList();
    }

    /**
     * Starts every container (each waits for its start file), then gives each the published ports of all, and
     * returns once every node knows a leader.
     */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        nodes.forEach(DqliteContainer::startMember);
        List<StartFile.Member> members = nodes.stream()
                .map(node -> new StartFile.Member(node.getNodeId(), node.getClientAddress(),
                        node.networkAlias() + ":" + DqliteContainer.RAFT_PORT))
                .toList();
        nodes.forEach(node -> node.writeStartFile(new StartFile(node.getNodeId(), members)));
        nodes.forEach(node -> DqliteContainer.leaderKnown().waitUntilReady(node));
        started = true;
    }

    /** Stops every container and removes the network. */
    @Override
    public synchronized void stop() {
        nodes.forEach(DqliteContainer::stop);
        network.close();
        started = false;
    }
}
