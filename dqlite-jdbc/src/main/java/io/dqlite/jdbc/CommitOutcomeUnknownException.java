package io.dqlite.jdbc;

import java.sql.SQLException;

/**
 * Thrown when a commit was made but its replication could not be confirmed: it may or may not be
 * in the database, so it is never retried automatically. Its SQLState is {@code 08007}
 * (transaction resolution unknown), which Spring translates to the non-transient
 * {@code DataAccessResourceFailureException}, so retry policies for transient failures leave it
 * alone; its vendor code is dqlite's {@code SQLITE_IOERR_LEADERSHIP_LOST}.
 */
public class CommitOutcomeUnknownException extends SQLException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the reason the outcome is unknown. */
    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, "08007", SqliteErrors.SQLITE_IOERR_LEADERSHIP_LOST, cause);
    }
}
