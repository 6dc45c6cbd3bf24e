package io.dqlite.core.session;

import io.dqlite.jdbc.SqliteErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Compiles the text of one statement, as the lexer split it, and fails loudly if SQLite reads only a part of it:
 * SQLite compiles the first statement of a text and drops the rest without a word, so a text that SQLite ends
 * earlier than the lexer did would lose its tail in silence.
 */
final class WholeStatement {

    /**
     * What a probe appends to a statement: it closes a block comment left open at the end, ends a line comment, and
     * is a syntax error after any statement SQLite is still reading.
     */
    private static final String PROBE = "\n*/)";

    private WholeStatement() {
    }

    /** Compiles {@code sql} on {@code connection}, refusing it if SQLite's statement ends before the text does. */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement compiled = connection.prepareStatement(sql);
        if (sql.indexOf(';') >= 0 && endsEarly(connection, sql)) {
            compiled.close();
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "SQLite reads \"" + sql + "\" as more than"
                    + " one statement, and would run only the first; send the statements one by one");
        }
        return compiled;
    }

    // only a statement SQLite ended before the probe ignores it and compiles
    private static boolean endsEarly(Connection connection, String sql) {
        try (PreparedStatement probe = connection.prepareStatement(sql + PROBE)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
