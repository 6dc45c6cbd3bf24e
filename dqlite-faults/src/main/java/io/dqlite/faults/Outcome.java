package io.dqlite.faults;

import io.dqlite.jdbc.CommitOutcomeUnknownException;
import java.sql.SQLException;

/** How an operation ended, as the client saw it. */
public enum Outcome {

    /** Acknowledged: it took effect (a read returned its rows). */
    OK,

    /** Failed definitely: it took no effect. */
    FAILED,

    /** Failed with {@link CommitOutcomeUnknownException}, or never returned: it may or may not have taken effect. */
    UNKNOWN;

    /** Classifies a failure: only {@link CommitOutcomeUnknownException}, anywhere in the cause chain, leaves the outcome open. */
    public static Outcome of(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitOutcomeUnknownException) {
                return UNKNOWN;
            }
        }
        return FAILED;
    }
}
