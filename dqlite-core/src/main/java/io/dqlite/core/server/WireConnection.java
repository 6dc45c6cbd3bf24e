package io.dqlite.core.server;

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
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection: a reading thread that decodes requests and acts on INTERRUPT at once,
 * and a working thread that answers the other requests in order. Bad input closes this
 * connection only.
 */
final class WireConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WireConnection.class);
    private static final int INTERRUPT_PATIENCE_SECONDS = 10;
    private static final int INTERRUPT_RETRY_MILLIS = 10;

    private final Socket socket;
    private final ServedNode node;
    private final WireServerSettings settings;
    private final Consumer<WireConnection> onClose;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /**
     * Guards {@link #inFlight}, the number of requests read but not yet answered, {@link #pendingBytes}, the
     * bytes of their messages, and {@link #closing}.
     */
    private final Object progress = new Object();
    private int inFlight;
    private long pendingBytes;
    /** Set once the connection is closed for being idle: a request read after that is not run. */
    private boolean closing;
    private volatile RequestHandler handler;
    /** When a request last arrived or was answered, or the connection was accepted. */
    private volatile long lastActive = System.nanoTime();
    private volatile long writingSince;
    private final String name;

    WireConnection(Socket socket, ServedNode node, WireServerSettings settings, Consumer<WireConnection> onClose) {
        this.socket = socket;
        this.node = node;
        this.settings = settings;
        this.onClose = onClose;
        this.name = "dqlite-wire-" + node.id() + "-" + socket.getRemoteSocketAddress();
    }

    /** Reads requests until the client leaves or breaks the protocol. */
    @Override
    public void run() {
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.maxPendingRequests()), runnable -> {
                    Thread thread = new Thread(runnable, name + "-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        RequestHandler handler = null;
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            long version = ProtocolVersion.read(in);
            socket.setSoTimeout(0);
            handler = new RequestHandler(node, version, settings);
            this.handler = handler;
            RequestHandler answering = handler;
            ResponseWriter writer = response -> {
                writingSince = System.nanoTime();
                try {
                    response.encode().write(out);
                } finally {
                    writingSince = 0;
                }
            };
            Frame frame;
            while ((frame = Frame.read(in, settings.maxMessageBytes())) != null) {
                Request request = Request.decode(frame);
                if (request instanceof Request.Interrupt interrupt) {
                    lastActive = System.nanoTime();
                    interrupted.set(true);
                    interruptInFlight(handler, interrupt.databaseId());
                    worker.execute(() -> respond(() -> {
                        interrupted.set(false);
                        writer.write(new Response.Empty());
                    }));
                } else {
                    int bytes = frame.body().length;
                    if (!admit(bytes)) {
                        break;
                    }
                    worker.execute(() -> {
                        try {
                            respond(() -> answering.handle(request, writer, interrupted::get));
                        } finally {
                            lastActive = System.nanoTime();
                            synchronized (progress) {
                                inFlight--;
                                pendingBytes -= bytes;
                                progress.notifyAll();
                            }
                        }
                    });
                }
            }
        } catch (SocketTimeoutException e) {
            log.debug("{}: no protocol version within {}", name, settings.handshakeTimeout());
        } catch (SSLException e) {
            log.warn("{}: refused the connection: TLS handshake failed: {}", name, e.getMessage());
        } catch (ProtocolException e) {
            log.info("{}: closing the connection: {}", name, e.getMessage());
        } catch (RejectedExecutionException e) {
            log.info("{}: closing the connection: more than {} requests sent ahead of their responses"
                    + " (maxPendingRequests, dqlite.server.max-pending-requests)", name, settings.maxPendingRequests());
            worker.getQueue().clear();
        } catch (PendingBytesExceededException e) {
            log.info("{}: closing the connection: the requests it sent ahead of their responses would hold {} bytes,"
                    + " more than {} (maxPendingRequestBytes, dqlite.server.max-pending-request-size)", name,
                    e.bytes, settings.maxPendingRequestBytes());
            worker.getQueue().clear();
        } catch (IOException e) {
            log.debug("{}: connection ended: {}", name, e.toString());
        } finally {
            close(worker, handler);
        }
    }

    /**
     * Interrupts the request in progress until it ends: an INTERRUPT can arrive before its request
     * has started running SQL, when there is nothing yet to interrupt. Gives up after a while (a
     * commit waiting for Raft cannot be interrupted); the client still gets its EMPTY in order.
     */
    private void interruptInFlight(RequestHandler handler, long databaseId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(INTERRUPT_PATIENCE_SECONDS);
        synchronized (progress) {
            while (inFlight > 0 && System.nanoTime() < deadline) {
                handler.interrupt(databaseId);
                try {
                    progress.wait(INTERRUPT_RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Tells why this client stalls others, or returns null if it does not: it has not read a
     * response for longer than the stall timeout, or has left a transaction, which holds the
     * writer, idle that long.
     */
    String stallReason(long now) {
        long limit = settings.stallTimeout().toNanos();
        long writing = writingSince;
        if (writing != 0 && now - writing > limit) {
            return "it has not read a response for " + settings.stallTimeout().toSeconds() + " s";
        }
        RequestHandler current = handler;
        boolean idle;
        synchronized (progress) {
            idle = inFlight == 0;
        }
        if (idle && current != null && now - lastActive > limit && current.holdsTransaction()) {
            return "it left a transaction idle for " + settings.stallTimeout().toSeconds() + " s";
        }
        return null;
    }

    /**
     * Closes the connection if it completed the handshake and has been idle (see {@link #closeIfIdle()}) for the
     * idle timeout; returns whether it did.
     */
    boolean closeIfIdleFor(long now) {
        return handler != null && closeIfIdleSince(now - settings.idleTimeout().toNanos());
    }

    /**
     * Closes the connection if it is idle: it holds no transaction, runs no request and writes no response.
     * Returns whether it did; a request that arrives after this is dropped with the connection, unrun.
     */
    boolean closeIfIdle() {
        return closeIfIdleSince(System.nanoTime());
    }

    private boolean closeIfIdleSince(long since) {
        synchronized (progress) {
            RequestHandler current = handler;
            if (closing || inFlight > 0 || writingSince != 0 || lastActive - since > 0
                    || current != null && current.holdsTransaction()) {
                return false;
            }
            closing = true;
        }
        shutdown();
        return true;
    }

    /** Returns when a request last arrived or was answered (a {@link System#nanoTime()}). */
    long lastActive() {
        return lastActive;
    }

    /** Returns the address of the client. */
    InetAddress remoteAddress() {
        return socket.getInetAddress();
    }

    /**
     * Counts a request of {@code bytes} that arrived as in progress; returns false if the connection is being
     * closed for being idle.
     *
     * @throws PendingBytesExceededException if the requests in progress would hold more than their limit
     */
    private boolean admit(int bytes) throws PendingBytesExceededException {
        synchronized (progress) {
            if (closing) {
                return false;
            }
            if (pendingBytes + bytes > settings.maxPendingRequestBytes()) {
                throw new PendingBytesExceededException(pendingBytes + bytes);
            }
            inFlight++;
            pendingBytes += bytes;
            lastActive = System.nanoTime();
        }
        return true;
    }

    /** The requests a client sent ahead of their responses would hold more bytes than allowed. */
    private static final class PendingBytesExceededException extends Exception {

        private static final long serialVersionUID = 1L;

        final long bytes;

        PendingBytesExceededException(long bytes) {
            super(null, null, false, false);
            this.bytes = bytes;
        }
    }

    /** Returns the connection's name for logs: node and client address. */
    String name() {
        return name;
    }

    /** Closes the socket; the threads notice and end. */
    void shutdown() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("{}: closing the socket failed", name, e);
        }
    }

    private interface Answer {
        void run() throws IOException;
    }

    private void respond(Answer answer) {
        try {
            answer.run();
        } catch (IOException e) {
            log.debug("{}: writing a response failed: {}", name, e.toString());
            shutdown();
        }
    }

    private void close(ThreadPoolExecutor worker, RequestHandler handler) {
        shutdown();
        worker.shutdown();
        try {
            // never interrupt the worker: a commit waiting for Raft must see its outcome, or the
            // leader copy would be discarded for every client
            while (handler != null && !worker.awaitTermination(5, TimeUnit.SECONDS)) {
                log.info("{}: the client left; waiting for its request in progress to end", name);
                handler.interruptAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (handler != null) {
            handler.close();
        }
        onClose.accept(this);
    }
}
