package io.dqlite.core.server;

import io.dqlite.core.tls.NodeTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's dqlite wire-protocol server: it listens on the node's wire address, gives each client
 * connection its own thread (and a second one while a request runs long), up to a bounded number of
 * connections ({@link ConnectionSlots}), and closes connections that stall others or stay idle.
 */
public final class WireServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WireServer.class);

    private final ServedNode node;
    private final ServerSocket listener;
    private final WireServerSettings settings;
    private final ConnectionSlots connections;
    private final Thread acceptor;
    private final ScheduledExecutorService watchdog;
    /** Threads lent to connections whose own thread runs a long request, to read the requests after it. */
    private final ExecutorService lentReaders;
    private volatile boolean closed;

    private WireServer(ServedNode node, ServerSocket listener, WireServerSettings settings) {
        this.node = node;
        this.listener = listener;
        this.settings = settings;
        this.connections = new ConnectionSlots(settings);
        this.acceptor = new Thread(this::accept, "dqlite-wire-accept-" + node.id());
        this.acceptor.setDaemon(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dqlite-wire-watchdog-" + node.id());
            thread.setDaemon(true);
            return thread;
        });
        this.lentReaders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dqlite-wire-lent-reader-" + node.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts serving {@code node} on {@code address} (host:port), over TLS if {@code tls} is not null.
     *
     * @throws IOException naming the address if it cannot be bound
     */
    public static WireServer start(ServedNode node, String address, WireServerSettings settings, NodeTls tls)
            throws IOException {
        int colon = address.lastIndexOf(':');
        InetSocketAddress bind = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        ServerSocket listener = tls == null ? new ServerSocket() : tls.serverSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(bind, 128);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on wire address " + address + ": " + e.getMessage(), e);
        }
        WireServer server = new WireServer(node, listener, settings);
        server.acceptor.start();
        server.watchdog.scheduleWithFixedDelay(server::closeStalledAndIdle, 1, 1, TimeUnit.SECONDS);
        server.watchdog.scheduleWithFixedDelay(server::lendReadersToBusyConnections, WireConnection.LEND_AFTER_MILLIS,
                WireConnection.LEND_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        log.debug("Node {} serves the dqlite wire protocol on {}{}", node.id(), address,
                tls == null ? "" : " over TLS (client certificates " + tls.clientAuth().name().toLowerCase(Locale.ROOT) + ")");
        return server;
    }

    /** Returns the port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Returns how many client connections are open. */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops accepting and closes every connection; open transactions roll back. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        lentReaders.shutdown();
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("Closing the wire listener of node {} failed", node.id(), e);
        }
        for (WireConnection connection : connections.all()) {
            connection.shutdown();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the connections that did not send their protocol version in time, those of clients that stall others
     * (their transactions roll back), and those that hold no transaction and sent nothing for the idle timeout.
     */
    private void closeStalledAndIdle() {
        long now = System.nanoTime();
        for (WireConnection connection : connections.all()) {
            if (connection.closeIfHandshakeOverdue(now)) {
                log.debug("{}: closed the connection: no protocol version within {} (handshakeTimeout,"
                        + " dqlite.server.handshake-timeout)", connection.name(), settings.handshakeTimeout());
                continue;
            }
            String reason = connection.stallReason(now);
            if (reason != null) {
                log.warn("{}: closing the connection because {} (stallTimeout, dqlite.server.stall-timeout)",
                        connection.name(), reason);
                connection.shutdown();
            } else if (connection.closeIfIdleFor(now)) {
                log.debug("{}: closed the connection: no request for {} s and no transaction open (idleTimeout,"
                        + " dqlite.server.idle-timeout)", connection.name(), settings.idleTimeout().toSeconds());
            }
        }
    }

    /** Lends a reading thread to each connection whose own thread has run one request for a while. */
    private void lendReadersToBusyConnections() {
        long now = System.nanoTime();
        for (WireConnection connection : connections.all()) {
            connection.lendReaderIfBusy(now, lentReaders);
        }
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Node {} stopped accepting wire connections: {}", node.id(), e.toString());
                }
                return;
            }
            String refusal = connections.makeRoomFor(socket.getInetAddress());
            if (refusal != null) {
                log.warn("Node {} refused a connection from {}: {}", node.id(), socket.getRemoteSocketAddress(),
                        refusal);
                closeQuietly(socket);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
            } catch (IOException e) {
                closeQuietly(socket);
                continue;
            }
            WireConnection connection = new WireConnection(socket, node, settings, connections::remove);
            connections.add(connection);
            Thread thread = new Thread(connection, "dqlite-wire-" + node.id() + "-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
            if (closed) {
                connection.shutdown();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("Closing a refused socket failed", e);
        }
    }
}
