package io.dqlite.core.session;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Read-only connections to a leader copy, lent to queries that stream their rows after the writer
 * permit is released: each read sees the snapshot it started on, so a slow client holds only its
 * own reader, never the writer.
 *
 * <p>The pool also knows where the file stands against Raft. While work runs on the writer, or a
 * commit waits for replication, the file holds commits Raft may never commit, and no new snapshot
 * may start. So right after each piece of work commits, a few readers are pinned there (their
 * read transactions opened at that point); once its commits are acknowledged that point becomes
 * the servable one, and queries invoked from then on read at it at once, without waiting for the
 * commits in flight after it. A reader given back while its point is still the servable one stays
 * pinned for the next query.
 */
final class ReaderPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReaderPool.class);

    private final Path file;
    private final int capacity;
    private final Duration waitLimit;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();
    /** Idle readers pinned at the servable point. */
    private final Deque<Connection> servable = new ArrayDeque<>();
    /** Readers pinned at points whose commits still replicate, by point. */
    private final SortedMap<Long, List<Connection>> pending = new TreeMap<>();
    /** Each open reader's compiled statements. */
    private final Map<Connection, CompiledStatements> compiled = new IdentityHashMap<>();
    /** The point each pinned reader (idle or lent) was pinned at. */
    private final Map<Connection, Long> pinnedAt = new IdentityHashMap<>();
    /** The newest point whose commits are acknowledged; the file is there when nothing is pending or running. */
    private long servablePoint;
    /** Whether work runs on the writer, so that the file may change at any moment. */
    private boolean working;
    private boolean closed;

    ReaderPool(Path file, int capacity, Duration waitLimit) {
        this.file = file;
        this.capacity = capacity;
        this.waitLimit = waitLimit;
    }

    /** Lends an unpinned reader, opening one if fewer than the capacity exist, else waiting for one to come back. */
    synchronized Connection borrow() throws SQLException {
        long deadline = System.nanoTime() + waitLimit.toNanos();
        while (idle.isEmpty() && all.size() >= capacity && !closed) {
            waitUntil(deadline, "all " + capacity + " readers of " + file.getFileName() + " are streaming"
                    + " results; close result sets sooner");
        }
        return takeIdle();
    }

    /**
     * Lends a reader whose snapshot holds every commit acknowledged so far and nothing Raft has not
     * committed: one pinned at the servable point, or one pinned now if the file holds no commit in
     * flight; else waits for either. {@code check} runs just before a snapshot is taken.
     */
    synchronized Connection borrowAtReplicatedPoint(SnapshotCheck check) throws SQLException {
        long deadline = System.nanoTime() + waitLimit.toNanos();
        while (true) {
            check.run();
            if (!servable.isEmpty()) {
                return servable.poll();
            }
            boolean readerFree = !idle.isEmpty() || all.size() < capacity;
            if (!working && pending.isEmpty() && readerFree) {
                Connection reader = takeIdle();
                try {
                    ReaderSnapshot.pin(statementsOf(reader));
                } catch (SQLException e) {
                    discard(reader);
                    throw e;
                }
                pinnedAt.put(reader, servablePoint);
                return reader;
            }
            waitUntil(deadline, "no reader of " + file.getFileName() + " could start at a replicated point within "
                    + waitLimit.toMillis() + " ms");
        }
    }

    /** Says that work is about to run on the writer: no snapshot may start until {@link #workDone}. */
    synchronized void workStarting() {
        working = true;
    }

    /**
     * Says that the work on the writer is done. If it committed, its commits form point
     * {@code point}, which waits for {@link #acknowledged} or {@link #failed}, and up to
     * {@code pins} readers are pinned there now, before anything else can commit.
     */
    synchronized void workDone(boolean committed, long point, int pins) {
        if (committed && !closed) {
            List<Connection> pinned = new ArrayList<>(pins);
            pending.put(point, pinned);
            while (pinned.size() < pins) {
                Connection reader = pinNew();
                if (reader == null) {
                    break;
                }
                pinnedAt.put(reader, point);
                pinned.add(reader);
            }
        }
        working = false;
        notifyAll();
    }

    /** Makes {@code point} servable, since its commits and all before them are acknowledged. */
    synchronized void acknowledged(long point) {
        List<Connection> pinned = pending.remove(point);
        if (point > servablePoint && !closed) {
            unpinAll(servable);
            servable.clear();
            servablePoint = point;
            if (pinned != null) {
                servable.addAll(pinned);
            }
            // points before it are acknowledged too: their readers are behind
            SortedMap<Long, List<Connection>> older = pending.headMap(point);
            older.values().forEach(this::unpinAll);
            older.clear();
        } else if (pinned != null) {
            unpinAll(pinned);
        }
        notifyAll();
    }

    /** Drops {@code point}, whose commits failed to replicate; the copy is broken from now on. */
    synchronized void failed(long point) {
        List<Connection> pinned = pending.remove(point);
        if (pinned != null) {
            unpinAll(pinned);
        }
        notifyAll();
    }

    /**
     * Ends the read transactions of the idle readers pinned at the servable point: call before a
     * checkpoint, which they would hold back.
     */
    synchronized void unpinIdle() {
        unpinAll(servable);
        servable.clear();
        notifyAll();
    }

    /**
     * Takes a reader back. One pinned at the point that is still the servable one stays pinned for
     * the next query; any other pinned one ends its read transaction; one whose query failed mid-way
     * is closed rather than reused.
     */
    synchronized void giveBack(Connection reader, boolean healthy) {
        Long point = pinnedAt.get(reader);
        if (closed || !healthy) {
            discard(reader);
        } else if (point != null && point == servablePoint) {
            servable.push(reader);
        } else if (point != null) {
            pinnedAt.remove(reader);
            unpin(reader);
        } else {
            idle.push(reader);
        }
        notifyAll();
    }

    /**
     * Returns the compiled statements of {@code reader}, a reader this pool lent; closed ones, which compile every
     * statement afresh, if the pool discarded it meanwhile.
     */
    synchronized CompiledStatements statementsOf(Connection reader) {
        CompiledStatements statements = compiled.get(reader);
        if (statements == null) {
            statements = new CompiledStatements(reader);
            statements.close();
        }
        return statements;
    }

    /** A check made before a reader's snapshot is taken, such as that the copy is not broken. */
    @FunctionalInterface
    interface SnapshotCheck {
        void run() throws SQLException;
    }

    /** Closes every reader; queries still streaming fail at their next row. */
    @Override
    public synchronized void close() {
        closed = true;
        compiled.values().forEach(CompiledStatements::close);
        compiled.clear();
        for (Connection reader : all) {
            closeQuietly(reader);
        }
        all.clear();
        idle.clear();
        servable.clear();
        pending.clear();
        pinnedAt.clear();
        notifyAll();
    }

    private void waitUntil(long deadline, String timeoutMessage) throws SQLException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SQLException(timeoutMessage, "HY000");
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a reader", e);
        }
    }

    /** Takes an idle reader, or opens one; the caller made sure one of the two is possible. */
    private Connection takeIdle() throws SQLException {
        if (closed) {
            throw new SQLException("the leader copy " + file.getFileName() + " is closed", "08006");
        }
        if (!idle.isEmpty()) {
            return idle.pop();
        }
        Connection reader = open();
        all.add(reader);
        return reader;
    }

    /** Pins an idle (or new, within the capacity) reader at the file's present state; null if none can be. */
    private Connection pinNew() {
        Connection reader;
        if (!idle.isEmpty()) {
            reader = idle.pop();
        } else if (all.size() < capacity) {
            try {
                reader = open();
            } catch (SQLException e) {
                log.debug("Opening a reader of {} to pin failed", file, e);
                return null;
            }
            all.add(reader);
        } else {
            return null;
        }
        try {
            ReaderSnapshot.pin(statementsOf(reader));
            return reader;
        } catch (SQLException e) {
            log.debug("Pinning a reader of {} failed", file, e);
            discard(reader);
            return null;
        }
    }

    /** Ends the read transactions of {@code readers}, idle ones, and makes them idle unpinned readers. */
    private void unpinAll(Collection<Connection> readers) {
        for (Connection reader : readers) {
            pinnedAt.remove(reader);
            unpin(reader);
        }
    }

    private void unpin(Connection reader) {
        if (ReaderSnapshot.unpin(statementsOf(reader))) {
            idle.push(reader);
        } else {
            discard(reader);
        }
    }

    private void discard(Connection reader) {
        pinnedAt.remove(reader);
        all.remove(reader);
        CompiledStatements statements = compiled.remove(reader);
        if (statements != null) {
            statements.close();
        }
        closeQuietly(reader);
    }

    private Connection open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setGetGeneratedKeys(false);
        Connection reader = config.createConnection("jdbc:sqlite:" + file);
        reader.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        compiled.put(reader, new CompiledStatements(reader));
        return reader;
    }

    private void closeQuietly(Connection reader) {
        try {
            reader.close();
        } catch (SQLException e) {
            log.debug("Closing a reader of {} failed", file, e);
        }
    }
}
