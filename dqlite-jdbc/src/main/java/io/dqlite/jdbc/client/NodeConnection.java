package io.dqlite.jdbc.client;

import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolException;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A TCP connection to one node that has completed the handshake: requests go out whole, responses
 * are read one message at a time. Sending is safe from several threads; receiving is for one thread.
 *
 * <p>With a {@link LeaderWatch}, a wait for an answer that lasts longer than {@link #WATCH_AFTER}
 * asks the watch every {@link #WATCH_EVERY} whether the node still leads, and gives up as soon as
 * another node is confirmed leader, instead of waiting out the read timeout.
 */
final class NodeConnection implements AutoCloseable {

    /** How long an answer is awaited before the watch is first asked. */
    static final Duration WATCH_AFTER = Duration.ofMillis(500);
    /** How often the watch is asked after that. */
    static final Duration WATCH_EVERY = Duration.ofMillis(250);
    /** How long a connection sits unused before {@link #closedWhileIdle()} looks whether the node closed it. */
    static final Duration IDLE_PROBE_AFTER = Duration.ofMillis(500);

    private final NodeAddress address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxMessageBytes;
    private final int readTimeoutMillis;
    private int currentTimeoutMillis;
    private volatile LeaderWatch watch;
    private volatile long lastUsed = System.nanoTime();

    private NodeConnection(NodeAddress address, Socket socket, ClientSettings settings) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.maxMessageBytes = settings.maxMessageBytes();
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis());
    }

    /** Connects to {@code address} within {@code connectTimeout} and sends the protocol version. */
    static NodeConnection open(NodeAddress address, ClientSettings settings, Duration connectTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            Socket channel = settings.tls() == null ? socket
                    : settings.tls().handshake(socket, address.host(), address.port(), connectTimeout);
            NodeConnection connection = new NodeConnection(address, channel, settings);
            connection.useReadTimeout(0);
            ProtocolVersion.write(connection.out, ProtocolVersion.VERSION_ONE);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Returns the address this connection reached. */
    NodeAddress address() {
        return address;
    }

    /** Sends one request. */
    void send(Request request) throws IOException {
        send(request.encode());
    }

    /** Sends one encoded request. */
    void send(Frame frame) throws IOException {
        synchronized (out) {
            frame.write(out);
        }
        lastUsed = System.nanoTime();
    }

    /** Asks {@code watch}, during long waits for an answer, whether this node still leads. */
    void watchLeadership(LeaderWatch watch) {
        this.watch = watch;
    }

    /** Reads the next message; the connection closing counts as an error. */
    Frame receive() throws IOException {
        if (watch != null) {
            awaitData(watch);
        }
        Frame frame = Frame.read(in, maxMessageBytes);
        if (frame == null) {
            throw new ProtocolException("node " + address + " closed the connection");
        }
        lastUsed = System.nanoTime();
        return frame;
    }

    /**
     * Tells whether the node closed this connection while it sat unused for {@link #IDLE_PROBE_AFTER} or
     * longer, as a node does after its idle timeout: the end of the stream is waiting to be read. Costs a
     * wait of a millisecond when it was not closed; a connection used more recently is not looked at.
     */
    boolean closedWhileIdle() {
        if (System.nanoTime() - lastUsed < IDLE_PROBE_AFTER.toNanos()) {
            return false;
        }
        try {
            if (in.available() > 0) {
                return false;
            }
            socket.setSoTimeout(1);
            try {
                in.mark(1);
                if (in.read() < 0) {
                    return true;
                }
                in.reset();
                return false;
            } finally {
                socket.setSoTimeout(currentTimeoutMillis);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // reset by the node, or closed here
            return true;
        }
    }

    /** Sends {@code request} and decodes the one response to it. */
    Response call(Request request) throws IOException {
        send(request);
        return Response.decode(receive());
    }

    /** Uses {@code timeoutMillis} as the read timeout, or the configured one when 0. */
    void useReadTimeout(int timeoutMillis) throws SocketException {
        currentTimeoutMillis = timeoutMillis > 0 ? timeoutMillis : readTimeoutMillis;
        socket.setSoTimeout(currentTimeoutMillis);
    }

    /**
     * Waits until the next message starts to arrive, within the read timeout, asking {@code watch}
     * between short waits once the first {@link #WATCH_AFTER} have passed. Nothing is consumed: a
     * short wait that times out does so before any byte of the message is read.
     */
    private void awaitData(LeaderWatch watch) throws IOException {
        if (in.available() > 0) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + Duration.ofMillis(currentTimeoutMillis).toNanos();
        long watchFrom = started + WATCH_AFTER.toNanos();
        socket.setSoTimeout((int) Math.min(currentTimeoutMillis, WATCH_EVERY.toMillis()));
        try {
            while (true) {
                in.mark(1);
                try {
                    if (in.read() >= 0) {
                        in.reset();
                    }
                    return;
                } catch (SocketTimeoutException e) {
                    long now = System.nanoTime();
                    if (now >= deadline) {
                        throw e;
                    }
                    if (now >= watchFrom) {
                        watch.confirmLeads(address);
                    }
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(currentTimeoutMillis);
            }
        }
    }

    /** Tells whether the socket is still open. */
    boolean isOpen() {
        return !socket.isClosed();
    }

    /** Closes the socket; the node then drops the connection's statements and open transaction. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing is left to release once the socket is closed.
        }
    }
}
