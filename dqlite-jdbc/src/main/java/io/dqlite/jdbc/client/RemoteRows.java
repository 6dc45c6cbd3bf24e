package io.dqlite.jdbc.client;

import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.ProtocolException;
import io.dqlite.jdbc.protocol.Row;
import io.dqlite.jdbc.protocol.RowsCursor;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The rows of a remote query, read one ROWS message at a time as the node sends them. */
final class RemoteRows implements Rows {

    private final RemoteSession session;
    private final List<String> columns;
    private RowsCursor cursor;
    private Row current;
    private boolean finished;
    /** The rows read ahead of the caller, to free the session for another statement; they come first. */
    private final Deque<Row> buffered = new ArrayDeque<>();
    private long bufferedBytes;

    RemoteRows(RemoteSession session, RowsCursor cursor) {
        this.session = session;
        this.cursor = cursor;
        this.columns = cursor.columns();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next() throws SQLException {
        current = buffered.poll();
        if (current != null) {
            bufferedBytes -= heldBytes(current);
            return true;
        }
        while (!finished) {
            Row row = read();
            if (row != null) {
                current = row;
                return true;
            }
            if (cursor.done()) {
                finished = true;
                session.endRows(false);
            } else {
                cursor = fetch();
            }
        }
        return false;
    }

    @Override
    public Object value(int index) {
        return row().values().get(index);
    }

    @Override
    public ValueType type(int index) {
        return row().types().get(index);
    }

    /**
     * Reads every row still to come into memory, at most {@code maxBytes} of them, so that the session can run
     * another statement while this result is still being read, as JDBC allows.
     *
     * @throws SQLException if the rest is larger: the rows read so far stay held and the rest stays on the
     *     connection, so the result still reads to its end
     */
    void bufferRemainder(long maxBytes) throws SQLException {
        while (!finished) {
            Row row = read();
            if (row != null) {
                buffered.add(row);
                bufferedBytes += heldBytes(row);
                if (bufferedBytes > maxBytes) {
                    throw SqliteErrors.toException(SqliteErrors.SQLITE_TOOBIG, "statement not sent: it needs the"
                            + " connection that a result still open reads from, and the rows left in that result are"
                            + " more than the " + maxBytes + " bytes the driver holds in memory for one result"
                            + " (the connection property maxBufferedResultBytes; dqlite.server.max-buffered-result-size"
                            + " for the auto-configured DataSource); read that result to its end or close it, then run"
                            + " the statement again");
                }
            } else if (cursor.done()) {
                finished = true;
                session.endRows(false);
            } else {
                cursor = fetch();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        buffered.clear();
        bufferedBytes = 0;
        if (finished || session.unusable()) {
            finished = true;
            return;
        }
        current = null;
        while (read() != null) {
            // The rest of a batch already received costs nothing to skip.
        }
        finished = true;
        if (cursor.done()) {
            session.endRows(false);
        } else {
            session.abandonRows();
        }
    }

    private Row read() throws SQLException {
        try {
            return cursor.next();
        } catch (ProtocolException e) {
            finished = true;
            throw session.lost(e);
        }
    }

    private RowsCursor fetch() throws SQLException {
        try {
            return session.nextBatch();
        } catch (SQLException e) {
            finished = true;
            throw e;
        }
    }

    private static long heldBytes(Row row) {
        long bytes = 0;
        for (Object value : row.values()) {
            bytes += Rows.heldBytes(value);
        }
        return bytes;
    }

    private Row row() {
        if (current == null) {
            throw new IllegalStateException("no current row; call next() first and check that it returned true");
        }
        return current;
    }
}
