package io.dqlite.jdbc;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown when the node serving a session is not, or stopped being, the leader; nothing of the
 * failed call was committed, and the work can be retried on a new connection. Its vendor code is
 * dqlite's {@code SQLITE_IOERR_NOT_LEADER}.
 */
public class LeadershipLostException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code leaderId} names the known leader, or is null. */
    public LeadershipLostException(String message, String leaderId) {
        this(message + (leaderId == null ? "; no leader is known" : "; the leader is node " + leaderId));
    }

    /** Creates the exception with a complete message. */
    public LeadershipLostException(String message) {
        super(message, "08006", SqliteErrors.SQLITE_IOERR_NOT_LEADER);
    }
}
