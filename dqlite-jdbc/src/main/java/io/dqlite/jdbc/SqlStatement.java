package io.dqlite.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One statement of an SQL string, with what the driver needs to know before running it: whether it
 * returns rows, whether it changes rows, and whether it begins or ends a transaction.
 *
 * <p>The decision is lexical, made on the statement's main verb (the first keyword, or for
 * {@code WITH} the first keyword after the common table expressions): SELECT, VALUES, PRAGMA and
 * EXPLAIN return rows, and so do INSERT, UPDATE, DELETE and REPLACE with a RETURNING clause.
 *
 * @param text the statement's text, without its terminating semicolon
 * @param verb the main verb in upper case, or an empty string for a statement with no keyword
 * @param hasReturning whether a RETURNING keyword appears outside parentheses
 * @param rollbackToSavepoint whether the statement is {@code ROLLBACK TO}, which ends no transaction
 */
record SqlStatement(String text, String verb, boolean hasReturning, boolean rollbackToSavepoint) {

    private static final Set<String> QUERY_VERBS = Set.of("SELECT", "VALUES", "PRAGMA", "EXPLAIN");
    private static final Set<String> DATA_CHANGE_VERBS = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE");

    /** Returns the statements of {@code sql}, in order; a string with no statement gives an empty list. */
    static List<SqlStatement> split(String sql) {
        return new SqlScanner(sql).statements();
    }

    /** Tells whether the statement produces a result set. */
    boolean returnsRows() {
        return QUERY_VERBS.contains(verb) || (changesRows() && hasReturning);
    }

    /** Tells whether the statement is an INSERT, UPDATE, DELETE or REPLACE, whose update count is meaningful. */
    boolean changesRows() {
        return DATA_CHANGE_VERBS.contains(verb);
    }

    /** Tells whether the statement inserts rows, so that it sets the last insert rowid. */
    boolean inserts() {
        return verb.equals("INSERT") || verb.equals("REPLACE");
    }

    /** Tells whether the statement begins, commits or rolls back a transaction (savepoints excluded). */
    boolean controlsTransaction() {
        return verb.equals("BEGIN") || endsTransaction();
    }

    /** Tells whether the statement ends the open transaction: COMMIT, END, or ROLLBACK without TO. */
    boolean endsTransaction() {
        return verb.equals("COMMIT") || verb.equals("END") || (verb.equals("ROLLBACK") && !rollbackToSavepoint);
    }

    static String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }
}
