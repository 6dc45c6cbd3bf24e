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
 */
final class ReaderPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReaderPool.class);

    private final Path file;
    private final int capacity;
    private final Duration waitLimit;
    private final Deque<Connection> idle = new ArrayDeque<>();
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
