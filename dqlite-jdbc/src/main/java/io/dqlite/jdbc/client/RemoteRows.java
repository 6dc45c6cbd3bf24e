package io.dqlite.jdbc.client;

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
    private Deque<Row> buffered;

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
        current = null;
        if (buffered != null) {
            current = buffered.poll();
            return current != null;
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
     * Reads every row still to come into memory, so that the session can run another statement while
     * this result is still being read, as JDBC allows.
     */
    void bufferRemainder() throws SQLException {
        Deque<Row> rest = new ArrayDeque<>();
        while (!finished) {
            Row row = read();
            if (row != null) {
                rest.add(row);
            } else if (cursor.done()) {
                finished = true;
                session.endRows(false);
            } else {
                cursor = fetch();
            }
        }
        buffered = rest;
    }

    @Override
    public void close() throws SQLException {
        buffered = null;
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

    private Row row() {
        if (current == null) {
            throw new IllegalStateException("no current row; call next() first and check that it returned true");
        }
        return current;
    }
}
