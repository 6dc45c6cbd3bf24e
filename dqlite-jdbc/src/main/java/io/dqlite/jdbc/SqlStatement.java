package io.dqlite.jdbc;

import io.dqlite.jdbc.sql.LexedStatement;
import io.dqlite.jdbc.sql.SqlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One statement of an SQL string, with what the driver needs to know before running it: whether it
 * returns rows, whether it changes rows, and whether it begins or ends a transaction.
 *
 * <p>The decision is lexical ({@link SqlLexer}, the lexer the node's guard uses too), made on the statement's main verb (the first keyword, or for
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
    private static final Set<String> MAIN_VERB_CANDIDATES =
            Set.of("SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "REPLACE");

    /** Returns the statements of {@code sql}, in order; a string with no statement gives an empty list. */
    static List<SqlStatement> split(String sql) {
        return SqlLexer.statements(sql).stream().map(SqlStatement::of).toList();
    }

    /**
     * Finds the main verb of a lexed statement among its words outside parentheses: the first
     * four, then any later SELECT, VALUES, INSERT, UPDATE, DELETE or REPLACE (what follows WITH).
     */
    private static SqlStatement of(LexedStatement lexed) {
        List<String> words = new ArrayList<>();
        int depth = 0;
        boolean hasReturning = false;
        for (String token : lexed.tokens()) {
            if (token.equals("(")) {
                depth++;
            } else if (token.equals(")")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && isWord(token)) {
                if (words.size() < 4) {
                    words.add(token);
                } else if (!words.contains(token) && MAIN_VERB_CANDIDATES.contains(token)) {
                    words.add(token);
                }
                hasReturning = hasReturning || token.equals("RETURNING");
            }
        }
        String verb = words.isEmpty() ? "" : words.get(0);
        if (verb.equals("WITH")) {
            verb = words.stream().skip(1).filter(MAIN_VERB_CANDIDATES::contains).findFirst().orElse("WITH");
        }
        boolean rollbackTo = verb.equals("ROLLBACK") && words.size() > 1
                && (words.get(1).equals("TO") || (words.size() > 2 && words.get(2).equals("TO")));
        return new SqlStatement(lexed.text(), verb, hasReturning, rollbackTo);
    }

    /** Tells whether a token is a word (a keyword or a bare name), not a literal, quoted name or punctuation. */
    private static boolean isWord(String token) {
        char first = token.charAt(0);
        return Character.isLetter(first) || first == '_';
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
