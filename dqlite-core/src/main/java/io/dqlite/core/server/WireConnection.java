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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection. Its thread reads a request, answers it and reads the next, so that a quick request costs
 * one wake-up. Once a request has run for {@value #LEND_AFTER_MILLIS} ms, the server's watch lends the connection a
 * second thread that reads on ({@link #lendReaderIfBusy}): it acts on an INTERRUPT at once and queues the other
 * requests, which the connection's thread answers in order, and gives the reading back when that thread is idle.
 * Bad input closes this connection only.
 */
final class WireConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WireConnection.class);
    private static final int INTERRUPT_PATIENCE_SECONDS = 10;
    private static final int INTERRUPT_RETRY_MILLIS = 10;
    private static final int CLOSE_PATIENCE_SECONDS = 5;
    private static final int CLOSE_CHECK_MILLIS = 100;
    /** How long a request runs before a lent thread reads the requests after it. */
    static final long LEND_AFTER_MILLIS = 20;
    /** How long after its last request a connection counts as in use, and is not closed to make room for another. */
    private static final long IN_USE_MILLIS = 1000;

    private final Socket socket;
    private final ServedNode node;
    private final WireServerSettings settings;
    private final Consumer<WireConnection> onClose;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /**
     * Guards {@link #inFlight}, the number of requests read but not yet answered, {@link #pendingBytes}, the
     * bytes of their messages, {@link #queued}, the work for requests a lent thread read, {@link #lentReader},
     * {@link #ended} and {@link #closing}.
     */
    private final Object progress = new Object();
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private int inFlight;
    private long pendingBytes;
    /** Whether a lent thread reads the requests: the connection's own thread must not read meanwhile. */
    private boolean lentReader;
    /** Set once no more requests will be read: the client left, broke the protocol or the socket was closed. */
    private boolean ended;
    /** Set once the connection is closed for being idle: a request read after that is not run. */
    private boolean closing;
    /** When the work the connection's thread runs started; 0 while it runs none. */
    private volatile long runningSince;
    private volatile RequestHandler handler;
    /** The client's requests, read by the connection's thread or by a lent one, never by both at once. */
    private InputStream in;
    private ResponseWriter writer;
    private final long acceptedAt = System.nanoTime();
    /** When a request last arrived or was answered, or the connection was accepted. */
    private volatile long lastActive = System.nanoTime();
    private volatile long writingSince;
    /** Whether the client has sent a request after the handshake. */
    private volatile boolean sentRequest;
    private final String name;

    WireConnection(Socket socket, ServedNode node, WireServerSettings settings, Consumer<WireConnection> onClose) {
        this.socket = socket;
        this.node = node;
        this.settings = settings;
        this.onClose = onClose;
        this.name = "dqlite-wire-" + node.id() + "-" + socket.getRemoteSocketAddress();
    }

    /** Answers requests until the client leaves or breaks the protocol. */
    @Override
    public void run() {
        RequestHandler handler = null;
        try {
            in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            // a timed read leaves a plain socket non-blocking for good (the JDK's NioSocketImpl), and every read
            // after it polls before it reads: the watchdog closes a plain socket that misses the handshake instead
            boolean tls = socket instanceof SSLSocket;
            if (tls) {
                socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            }
            long version = ProtocolVersion.read(in);
            if (tls) {
                socket.setSoTimeout(0);
            }
            writer = response -> {
                writingSince = System.nanoTime();
                try {
                    response.encode().write(out);
                } finally {
                    writingSince = 0;
                }
            };
            handler = new RequestHandler(node, version, settings);
            this.handler = handler;
            Runnable work;
            while ((work = nextWork()) != null) {
                runningSince = System.nanoTime() | 1;
                try {
                    work.run();
                } finally {
                    runningSince = 0;
                }
            }
        } catch (SocketTimeoutException e) {
            log.debug("{}: no protocol version within {}", name, settings.handshakeTimeout());
        } catch (SSLException e) {
            log.warn("{}: refused the connection: TLS handshake failed: {}", name, e.getMessage());
        } catch (IOException e) {
            log.debug("{}: connection ended during the handshake: {}", name, e.toString());
        } finally {
            shutdown();
            if (handler != null) {
                handler.close();
            }
            onClose.accept(this);
        }
    }

    /**
     * Returns the next work for the connection's thread: queued by a lent thread, or read now; null once the
     * connection has ended and nothing is left to answer.
     */
    private Runnable nextWork() {
        synchronized (progress) {
            while (queued.isEmpty() && lentReader) {
                try {
                    progress.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            Runnable next = queued.poll();
            if (next != null || ended) {
                return next;
            }
        }
        return read();
    }

    /**
     * Lends {@code readers} a thread that reads this connection's requests if its own thread has run one request
     * for {@value #LEND_AFTER_MILLIS} ms or longer, so that an INTERRUPT stops that request and requests sent ahead
     * count against the connection's limits.
     */
    void lendReaderIfBusy(long now, Executor readers) {
        long since = runningSince;
        if (since == 0 || now - since < TimeUnit.MILLISECONDS.toNanos(LEND_AFTER_MILLIS)) {
            return;
        }
        synchronized (progress) {
            if (lentReader || ended || runningSince == 0) {
                return;
            }
            lentReader = true;
        }
        try {
            readers.execute(this::readWhileBusy);
        } catch (RejectedExecutionException e) {
            synchronized (progress) {
                lentReader = false;
                progress.notifyAll();
            }
        }
    }

    /** Runs on a lent thread: reads and queues requests until the connection's thread is idle or the client leaves. */
    private void readWhileBusy() {
        Thread thread = Thread.currentThread();
        String ownName = thread.getName();
        thread.setName(name + "-reader");
        try {
            while (true) {
                Runnable work = read();
                synchronized (progress) {
                    if (work != null) {
                        queued.add(work);
                    }
                    if (work == null || runningSince == 0) {
                        lentReader = false;
                        progress.notifyAll();
                        break;
                    }
                }
            }
            awaitIdleInterrupting();
        } finally {
            thread.setName(ownName);
        }
    }

    /**
     * Once the connection has ended, waits for the request still running and interrupts it now and then: a
     * commit waiting for Raft must still see its outcome, or the leader copy would be discarded for every client.
     */
    private void awaitIdleInterrupting() {
        long patience = TimeUnit.SECONDS.toNanos(CLOSE_PATIENCE_SECONDS);
        long lastInterrupt = System.nanoTime();
        synchronized (progress) {
            while (ended && (runningSince != 0 || !queued.isEmpty())) {
                try {
                    progress.wait(CLOSE_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long now = System.nanoTime();
                if (runningSince != 0 && now - lastInterrupt > patience) {
                    log.info("{}: the client left; waiting for its request in progress to end", name);
                    handler.interruptAll();
                    lastInterrupt = now;
                }
            }
        }
    }

    /**
     * Reads the next request and returns the work that answers it, or null if the connection ended; an INTERRUPT
     * acts at once, and its work only answers it, after the requests before it.
     */
    private Runnable read() {
        try {
            Frame frame = Frame.read(in, settings.maxMessageBytes());
            if (frame == null) {
                return end(false);
            }
            Request request = Request.decode(frame);
            lastActive = System.nanoTime();
            if (!sentRequest) {
                sentRequest = true;
            }
            if (request instanceof Request.Interrupt interrupt) {
                interrupted.set(true);
                interruptInFlight(handler, interrupt.databaseId());
                return () -> respond(() -> {
                    interrupted.set(false);
                    writer.write(new Response.Empty());
                });
            }
            int bytes = frame.body().length;
            if (!admit(bytes)) {
                return end(false);
            }
            return () -> answer(request, bytes);
        } catch (SSLException e) {
            log.warn("{}: closing the connection: TLS failed: {}", name, e.getMessage());
        } catch (ProtocolException e) {
            log.info("{}: closing the connection: {}", name, e.getMessage());
        } catch (TooFarAheadException e) {
            log.info("{}: closing the connection: {}", name, e.getMessage());
            return end(true);
        } catch (IOException e) {
            log.debug("{}: connection ended: {}", name, e.toString());
        } catch (RuntimeException e) {
            // a lent thread that died here would leave the connection's thread waiting for it forever
            log.warn("{}: closing the connection: reading a request failed", name, e);
            return end(true);
        }
        return end(false);
    }

    private void answer(Request request, int bytes) {
        try {
            respond(() -> handler.handle(request, writer, interrupted::get));
        } finally {
            lastActive = System.nanoTime();
            synchronized (progress) {
                inFlight--;
                pendingBytes -= bytes;
                progress.notifyAll();
            }
        }
    }

    /**
     * Marks the connection ended and closes its socket; the requests already read are still answered unless
     * {@code dropQueued}, and nothing more is read. Returns null, the work there is no more of.
     */
    private Runnable end(boolean dropQueued) {
        synchronized (progress) {
            ended = true;
            if (dropQueued) {
                queued.clear();
            }
            progress.notifyAll();
        }
        shutdown();
        return null;
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
     * Closes the connection to make room if it is idle: it holds no transaction, runs no request, writes no
     * response, and has sent no request for {@value #IN_USE_MILLIS} ms, unless it never sent one. Returns whether it
     * did; a request that arrives after this is dropped with the connection, unrun.
     */
    boolean closeIfIdle() {
        long now = System.nanoTime();
        // a client between two requests may be sending a write right now: cut off, it could not know whether it ran
        return closeIfIdleSince(sentRequest ? now - TimeUnit.MILLISECONDS.toNanos(IN_USE_MILLIS) : now);
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

    /**
     * Closes a plain connection that has not sent its protocol version within the handshake timeout; returns whether
     * it did.
     */
    boolean closeIfHandshakeOverdue(long now) {
        // a TLS socket times its handshake read itself: closed from here mid-handshake, the close may block
        if (handler != null || socket instanceof SSLSocket
                || now - acceptedAt <= settings.handshakeTimeout().toNanos()) {
            return false;
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
     * @throws TooFarAheadException if the requests sent ahead of their responses would be too many or hold too much
     */
    private boolean admit(int bytes) throws TooFarAheadException {
        synchronized (progress) {
            if (closing) {
                return false;
            }
            if (queued.size() >= settings.maxPendingRequests()) {
                throw new TooFarAheadException("more than " + settings.maxPendingRequests() + " requests sent ahead"
                        + " of their responses (maxPendingRequests, dqlite.server.max-pending-requests)");
            }
            if (pendingBytes + bytes > settings.maxPendingRequestBytes()) {
                throw new TooFarAheadException("the requests it sent ahead of their responses would hold "
                        + (pendingBytes + bytes) + " bytes, more than " + settings.maxPendingRequestBytes()
                        + " (maxPendingRequestBytes, dqlite.server.max-pending-request-size)");
            }
            inFlight++;
            pendingBytes += bytes;
        }
        return true;
    }

    /** The client sent more requests ahead of their responses, or bigger ones, than a connection may hold. */
    private static final class TooFarAheadException extends Exception {

        private static final long serialVersionUID = 1L;

        TooFarAheadException(String message) {
            super(message, null, false, false);
        }
    }

    /** Returns the connection's name for logs: node and client address. */
    String name() {
        return name;
    }

    /** Closes the socket; the threads reading it notice and end. */
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
}
