package io.dqlite.core.session;

import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.sql.SQLException;
import java.util.ArrayDeque;

/**
 * Rows a session holds in memory, first in first out, counting their values' bytes against a limit
 * ({@code ReplicationSettings.maxBufferedResultBytes}), so that no statement can make the leader hold a
 * result whole, however large.
 */
final class RowBuffer {

    private final long maxBytes;
    private final ArrayDeque<Object[]> values = new ArrayDeque<>();
    private final ArrayDeque<ValueType[]> types = new ArrayDeque<>();
    private long bytes;

    RowBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds a row, which the buffer keeps as given; returns whether the buffer still holds no more than its limit. */
    boolean add(Object[] rowValues, ValueType[] rowTypes) {
        values.add(rowValues);
        types.add(rowTypes);
        bytes += bytes(rowValues);
        return bytes <= maxBytes;
    }

    /** Moves the oldest row into {@code rowValues} and {@code rowTypes}; returns false if there is none. */
    boolean poll(Object[] rowValues, ValueType[] rowTypes) {
        Object[] next = values.poll();
        if (next == null) {
            return false;
        }
        System.arraycopy(next, 0, rowValues, 0, rowValues.length);
        System.arraycopy(types.poll(), 0, rowTypes, 0, rowTypes.length);
        bytes -= bytes(next);
        return true;
    }

    /**
     * Returns the failure of a statement whose rows would pass the limit, whose message says how they came to be
     * held ({@code held}, ending in "are") and what the client can do ({@code remedy}).
     */
    SQLException tooLarge(String held, String remedy) {
        return SqliteErrors.toException(SqliteErrors.SQLITE_TOOBIG, held + " more than the " + maxBytes + " bytes the"
                + " leader holds in memory for one statement (maxBufferedResultBytes,"
                + " dqlite.server.max-buffered-result-size); " + remedy);
    }

    private static long bytes(Object[] row) {
        long total = 0;
        for (Object value : row) {
            total += Rows.heldBytes(value);
        }
        return total;
    }
}
