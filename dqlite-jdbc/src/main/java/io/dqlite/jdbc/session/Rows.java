package io.dqlite.jdbc.session;

import java.sql.SQLException;
import java.util.List;

/**
 * The rows of a query, read forward one at a time so that a large result never sits in memory
 * whole. Closing before the end stops the query on the leader.
 */
public interface Rows extends AutoCloseable {

    /**
     * Returns about how many bytes of memory {@code value}, one of a row's values, takes: what a result held in
     * memory is counted in against its limit.
     */
    static long heldBytes(Object value) {
        if (value instanceof byte[] blob) {
            return 16 + blob.length;
        }
        return value instanceof String text ? 40 + text.length() : 16;
    }

    /** Returns the names of the result's columns. */
    List<String> columns();

    /** Moves to the next row; returns false, and closes, at the end. */
    boolean next() throws SQLException;

    /** Returns the value of column {@code index} (from 0) in the current row. */
    Object value(int index);

    /** Returns the wire type of column {@code index} (from 0) in the current row. */
    ValueType type(int index);

    /**
     * Tells whether the statement already ran to its end and every row is computed (a write that
     * committed, say): such a result is sent whole even to a client that interrupts, since the
     * statement's effects happened.
     */
    default boolean isComplete() {
        return false;
    }

    /** Stops reading; the rest of the result is discarded. */
    @Override
    void close() throws SQLException;
}
