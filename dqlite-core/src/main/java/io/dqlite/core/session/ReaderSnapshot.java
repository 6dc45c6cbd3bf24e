package io.dqlite.core.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fixes the snapshot a reader connection reads with one trivial step, so that a query can be
 * started at a replicated point yet run its real, possibly long, first step after the writer
 * has moved on: in WAL mode a read transaction sees the database as of its first read.
 */
final class ReaderSnapshot {

    private ReaderSnapshot() {
    }

    /** Opens a read transaction on {@code reader} and reads once, fixing its snapshot; returns null. */
    static Void pin(Connection reader) throws SQLException {
        try (Statement statement = reader.createStatement()) {
            statement.execute("BEGIN");
            try {
                statement.executeQuery("SELECT 1 FROM sqlite_schema LIMIT 1").close();
            } catch (SQLException e) {
                unpin(reader);
                throw e;
            }
        }
        return null;
    }

    /** Ends the read transaction {@link #pin} opened; returns false if the reader should not be reused. */
    static boolean unpin(Connection reader) {
        try (Statement statement = reader.createStatement()) {
            statement.execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
