package io.dqlite.core.session;

import java.sql.SQLException;

/**
 * Thrown when a commit was made locally but its replication could not be confirmed: it may or may
 * not be in the database. It is never retried automatically.
 */
public class CommitOutcomeUnknownException extends SQLException {

    private static final long serialVersionUID = 1L;

    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, "40003", cause);
    }
}
