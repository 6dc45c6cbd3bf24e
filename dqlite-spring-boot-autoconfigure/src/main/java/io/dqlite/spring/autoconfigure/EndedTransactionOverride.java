package io.dqlite.spring.autoconfigure;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.TransactionEndedException;
import java.sql.SQLException;

/**
 * Keeps a pooled connection whose transaction a leader change ended, or whose commit has an unknown
 * outcome, until it is rolled back: HikariCP would otherwise close it at once (SQLState class 08),
 * Spring's rollback would fail with "Connection is closed", and the caller would see
 * {@code TransactionSystemException} instead of the transient exception it can retry (or of the
 * unknown outcome it must not retry). The connection fails its next use (the reset after the
 * rollback) with SQLState 08003, and the pool replaces it then.
 */
public final class EndedTransactionOverride implements SQLExceptionOverride {

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException exception) {
        return exception instanceof TransactionEndedException || exception instanceof CommitOutcomeUnknownException
                ? SQLExceptionOverride.Override.DO_NOT_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
