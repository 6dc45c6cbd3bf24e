package io.dqlite.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Thrown when a leader change or a lost connection ended the transaction a connection had open
 * (autocommit off): nothing of the transaction was committed, rolling back succeeds, and the work
 * can be retried on a new connection. Connection pools keep such a connection until it is rolled
 * back; it fails every later use with SQLState {@code 08003}, so the pool replaces it then.
 */
public class TransactionEndedException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, the failure that ended the transaction. */
    public TransactionEndedException(SQLTransientConnectionException cause) {
        this("the transaction was ended and nothing of it was committed: " + cause.getMessage(), cause);
    }

    /** Says why the transaction ended; {@code cause} is the failure the transport reported. */
    public TransactionEndedException(String message, SQLException cause) {
        super(message, "08006", cause.getErrorCode(), cause);
    }
}
