package io.dqlite.core.session;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fixes the snapshot a reader connection reads with one trivial step, so that a query can be
 * started at a replicated point yet run its real, possibly long, first step after the writer
 * has moved on: in WAL mode a read transaction sees the database as of its first read.
 */
final class ReaderSnapshot {

    private ReaderSnapshot() {
    }

    /**
     * Opens a read transaction on the reader whose compiled statements are {@code reader} and reads once, fixing its
     * snapshot.
     */
    static void pin(CompiledStatements reader) throws SQLException {
        run(reader, "BEGIN");
        try {
            run(reader, "SELECT 1 FROM sqlite_schema LIMIT 1");
        } catch (SQLException e) {
            unpin(reader);
            throw e;
        }
    }

    /** Ends the read transaction {@link #pin} opened; returns false if the reader should not be reused. */
    static boolean unpin(CompiledStatements reader) {
        try {
            run(reader, "ROLLBACK");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs {@code sql}, reading its first row if it has any, and leaves the statement reset. */
    private static void run(CompiledStatements reader, String sql) throws SQLException {
        reader.run(sql, compiled -> {
            if (compiled.execute()) {
                try (ResultSet row = compiled.getResultSet()) {
                    row.next();
                }
            }
            return null;
        });
    }
}
