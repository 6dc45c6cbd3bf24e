package io.dqlite.jdbc;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;

/**
 * SQLite's result codes as the cluster reports them, and the one mapping from a code to the
 * {@link SQLException} an application sees, shared by the in-process and the remote transport.
 */
public final class SqliteErrors {

    /** Generic error, such as a syntax error or a missing table. */
    public static final int SQLITE_ERROR = 1;
    /** The database file is locked. */
    public static final int SQLITE_BUSY = 5;
    /** A table in the database is locked. */
    public static final int SQLITE_LOCKED = 6;
    /** An operation was stopped by an interrupt. */
    public static final int SQLITE_INTERRUPT = 9;
    /** Disk I/O error; dqlite's cluster errors extend it. */
    public static final int SQLITE_IOERR = 10;
    /** A database could not be opened; used when no node of the cluster can be reached. */
    public static final int SQLITE_CANTOPEN = 14;
    /** What was asked for does not exist, e.g. a database to dump. */
    public static final int SQLITE_NOTFOUND = 12;
    /** A string, blob or file is larger than the limit. */
    public static final int SQLITE_TOOBIG = 18;
    /** A constraint was violated. */
    public static final int SQLITE_CONSTRAINT = 19;
    /** A UNIQUE constraint was violated. */
    public static final int SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT | (8 << 8);
    /** A PRIMARY KEY constraint was violated. */
    public static final int SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT | (6 << 8);
    /** Misuse of the library, such as an unknown statement id. */
    public static final int SQLITE_MISUSE = 21;
    /** The statement was refused: SQLite's authorization denial, used for statements that would break replication. */
    public static final int SQLITE_AUTH = 23;
    /** A parameter index or value out of range. */
    public static final int SQLITE_RANGE = 25;
    /** dqlite's code for a request that reached a node which is not the leader. */
    public static final int SQLITE_IOERR_NOT_LEADER = SQLITE_IOERR | (40 << 8);
    /** dqlite's code for a commit whose outcome is unknown because leadership was lost during it. */
    public static final int SQLITE_IOERR_LEADERSHIP_LOST = SQLITE_IOERR | (41 << 8);

    private SqliteErrors() {
    }

    /** Returns the exception for a failure with extended code {@code code} and {@code message}. */
    public static SQLException toException(int code, String message) {
        if (code == SQLITE_IOERR_NOT_LEADER) {
            return new LeadershipLostException(message);
        }
        if (code == SQLITE_IOERR_LEADERSHIP_LOST) {
            return new CommitOutcomeUnknownException(message, null);
        }
        switch (code & 0xff) {
            case SQLITE_CONSTRAINT:
                boolean duplicateKey = code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
                return new SQLIntegrityConstraintViolationException(message, duplicateKey ? "23505" : "23000", code);
            case SQLITE_AUTH:
                return new SQLSyntaxErrorException(message, "42000", code);
            case SQLITE_INTERRUPT:
                return new SQLTimeoutException(message, "57014", code);
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                return new SQLTransientException(message, "40001", code);
            case SQLITE_MISUSE:
            case SQLITE_RANGE:
                return new SQLException(message, "HY000", code);
            default:
                return new SQLException(message, code == SQLITE_ERROR ? "42000" : "HY000", code);
        }
    }

    /**
     * Returns the extended code that stands for {@code exception} on the wire: its vendor code if it
     * is one of SQLite's, else {@code SQLITE_ERROR}.
     */
    public static int codeOf(SQLException exception) {
        int code = exception.getErrorCode();
        return code > 0 ? code : SQLITE_ERROR;
    }
}
