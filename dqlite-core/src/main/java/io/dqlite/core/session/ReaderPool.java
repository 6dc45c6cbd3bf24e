package io.dqlite.core.session;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
 * <p>At a replicated point (nothing in the file that Raft has not committed) a few idle readers can
 * be pinned: their read transactions opened there, so a query invoked before the next such point
 * can read at once instead of waiting for the commits in flight to replicate.
 */
final class ReaderPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReaderPool.class);

    private final Path file;
    private final int capacity;
    private final Duration waitLimit;
    private final Deque<Connection> idle = new ArrayDeque<>();
    /** Idle readers whose read transactions were opened at the latest replicated point. */
    private final Deque<Connection> pinned = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    ReaderPool(Path file, int capacity, Duration waitLimit) {
        this.file = file;
        this.capacity = capacity;
        this.waitLimit = waitLimit;
    }

    /** Lends a reader, opening one if fewer than the capacity exist, else waiting for one to come back. */
    synchronized Connection borrow() throws SQLException {
        long deadline = System.nanoTime() + waitLimit.toNanos();
        while (idle.isEmpty() && all.size() >= capacity && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SQLException("all " + capacity + " readers of " + file.getFileName() + " are streaming"
                        + " results; close result sets sooner", "HY000");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a reader", e);
            }
        }
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

    /**
     * Lends a reader pinned at the latest replicated point, or returns null if none is; its snapshot
     * holds every commit acknowledged before that point and nothing Raft has not committed.
     */
    synchronized Connection borrowPinned() {
        return closed ? null : pinned.poll();
    }

    /**
     * Ends the read transactions of the idle pinned readers: call at a replicated point before a
     * checkpoint (they would hold it back) and before pinning readers at the new point.
     */
    synchronized void unpinIdle() {
        for (Connection reader : pinned) {
            if (ReaderSnapshot.unpin(reader)) {
                idle.push(reader);
            } else {
                all.remove(reader);
                closeQuietly(reader);
            }
        }
        pinned.clear();
        notifyAll();
    }

    /**
     * Pins up to {@code count} idle (or new, within the capacity) readers at the present point, which
     * the caller guarantees is replicated: nothing may commit to the file meanwhile.
     */
    synchronized void pin(int count) {
        while (pinned.size() < count && !closed) {
            Connection reader;
            if (!idle.isEmpty()) {
                reader = idle.pop();
            } else if (all.size() < capacity) {
                try {
                    reader = open();
                } catch (SQLException e) {
                    log.debug("Opening a reader of {} to pin failed", file, e);
                    return;
                }
                all.add(reader);
            } else {
                return;
            }
            try {
                ReaderSnapshot.pin(reader);
                pinned.add(reader);
            } catch (SQLException e) {
                log.debug("Pinning a reader of {} failed", file, e);
                all.remove(reader);
                closeQuietly(reader);
                return;
            }
        }
    }

    /** Takes a reader back; one whose query failed mid-way is closed rather than reused. */
    synchronized void giveBack(Connection reader, boolean healthy) {
        if (closed || !healthy) {
            all.remove(reader);
            closeQuietly(reader);
        } else {
            idle.push(reader);
        }
        notifyAll();
    }

    /** Closes every reader; queries still streaming fail at their next row. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Connection reader : all) {
            closeQuietly(reader);
        }
        all.clear();
        idle.clear();
        pinned.clear();
        notifyAll();
    }

    private Connection open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setGetGeneratedKeys(false);
        Connection reader = config.createConnection("jdbc:sqlite:" + file);
        reader.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
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
