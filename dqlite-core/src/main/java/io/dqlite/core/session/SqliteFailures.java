package io.dqlite.core.session;

import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.SqliteErrors;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Maps sqlite-jdbc's exceptions to the cluster's: SQLite's extended code and SQLite's own message,
 * as a remote client would receive them in a FAILURE response.
 */
final class SqliteFailures {

    private SqliteFailures() {
    }

    /** Returns the exception an application sees for {@code failure}, keeping it as the cause. */
    static SQLException translate(SQLException failure) {
        if (failure instanceof LeadershipLostException || failure instanceof CommitOutcomeUnknownException
                || failure instanceof StatementRefusedException) {
            return failure;
        }
        int code = failure instanceof SQLiteException sqlite ? sqlite.getResultCode().code : SqliteErrors.codeOf(failure);
        SQLException translated = SqliteErrors.toException(code, message(failure));
        translated.initCause(failure);
        return translated;
    }

    /** Returns SQLite's message inside sqlite-jdbc's "[CODE] description (message)" wrapping. */
    static String message(SQLException failure) {
        String message = String.valueOf(failure.getMessage());
        int open = message.indexOf(" (");
        if (message.startsWith("[") && open > 0 && message.endsWith(")")) {
            return message.substring(open + 2, message.length() - 1);
        }
        return message;
    }
}
