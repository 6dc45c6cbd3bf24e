package io.dqlite.jdbc;

import java.util.List;
import java.util.Set;

/**
 * Tells, from SQL text alone, whether running it can change the database: what a client needs
 * to know when a connection dies while the statement is in flight.
 */
public final class ReadOnlySql {

    private static final Set<String> READ_VERBS = Set.of("SELECT", "VALUES");

    private ReadOnlySql() {
    }

    /**
     * Returns true only if every statement of {@code sql} is a SELECT or VALUES (after any
     * {@code WITH} clause); anything else, PRAGMA and EXPLAIN included, may write.
     */
    public static boolean isReadOnly(String sql) {
        List<SqlStatement> statements = SqlStatement.split(sql);
        return !statements.isEmpty()
                && statements.stream().allMatch(statement -> READ_VERBS.contains(statement.verb()));
    }
}
