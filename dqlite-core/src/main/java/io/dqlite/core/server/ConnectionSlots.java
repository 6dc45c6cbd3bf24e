package io.dqlite.core.server;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire server's connections, at most so many in all and from one remote address. When a new connection
 * finds no free slot, the connection idle longest (no transaction, no request in progress, handshake or not)
 * is closed to make room, so idle sockets cannot lock out a client that has work to do.
 */
final class ConnectionSlots {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSlots.class);

    private final Set<WireConnection> connections = ConcurrentHashMap.newKeySet();
    private final int maxConnections;
    private final int maxPerAddress;

    ConnectionSlots(WireServerSettings settings) {
        this.maxConnections = settings.maxConnections();
        this.maxPerAddress = settings.maxConnectionsPerAddress();
    }

    /**
     * Frees a slot for a connection from {@code remote} if none is free, closing the connection idle longest
     * (from that address when the address has used up its slots); returns why not if every candidate is busy,
     * or null once there is room.
     */
    synchronized String makeRoomFor(InetAddress remote) {
        List<WireConnection> sameAddress = connections.stream().filter(c -> c.remoteAddress().equals(remote)).toList();
        if (sameAddress.size() >= maxPerAddress && !closeLongestIdle(sameAddress, remote)) {
            return "all " + maxPerAddress + " connections from " + remote.getHostAddress() + " are busy"
                    + " (maxConnectionsPerAddress, dqlite.server.max-connections-per-address)";
        }
        if (connections.size() >= maxConnections && !closeLongestIdle(connections, remote)) {
            return "all " + maxConnections + " connections are busy (maxConnections, dqlite.server.max-connections)";
        }
        return null;
    }

    /** Takes a slot for {@code connection}. */
    void add(WireConnection connection) {
        connections.add(connection);
    }

    /** Frees the slot of {@code connection}, which has closed. */
    void remove(WireConnection connection) {
        connections.remove(connection);
    }

    /** Returns how many slots are taken. */
    int size() {
        return connections.size();
    }

    /** Returns the connections that hold a slot. */
    Collection<WireConnection> all() {
        return connections;
    }

    private boolean closeLongestIdle(Collection<WireConnection> candidates, InetAddress newcomer) {
        // each time read once: connections stay active while they are sorted
        List<WireConnection> longestIdleFirst = candidates.stream().map(c -> Map.entry(c.lastActive(), c))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        for (WireConnection connection : longestIdleFirst) {
            if (connection.closeIfIdle()) {
                connections.remove(connection);
                log.info("{}: closed the connection, idle for {} ms, to make room for one from {}", connection.name(),
                        (System.nanoTime() - connection.lastActive()) / 1_000_000, newcomer.getHostAddress());
                return true;
            }
        }
        return false;
    }
}
