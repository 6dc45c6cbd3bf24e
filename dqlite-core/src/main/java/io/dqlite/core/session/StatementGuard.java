package io.dqlite.core.session;

import io.dqlite.jdbc.sql.LexedStatement;
import io.dqlite.jdbc.sql.SqlLexer;
import java.util.List;
import java.util.Set;

/**
 * Refuses statements that would break replication or reach beyond one session (invariant 5):
 * changing the journal mode, the page size, the checkpoint policy or the locking mode, running a
 * checkpoint, attaching other files, {@code VACUUM INTO} a file, loading extensions, temporary
 * objects, and setting any pragma other than those stored in the database, those a session keeps
 * for itself ({@link SessionPragmas}) and those that only read with an argument. What
 * {@code EXPLAIN} wraps is checked as if it ran, since SQLite applies some pragmas while compiling.
 */
public final class StatementGuard {

    private static final Set<String> TEMPORARY = Set.of("TEMP", "TEMPORARY");
    private static final Set<String> CREATED_OBJECTS = Set.of("TABLE", "VIEW", "INDEX", "TRIGGER");
    /** Pragmas whose values live in the database file, so setting them replicates. */
    private static final Set<String> PRAGMAS_STORED_IN_THE_DATABASE = Set.of("USER_VERSION", "APPLICATION_ID");
    /** Pragmas that take an argument yet only read, or write pages that replicate. */
    private static final Set<String> PRAGMAS_WITH_ARGUMENTS = Set.of("TABLE_INFO", "TABLE_XINFO", "TABLE_LIST",
            "INDEX_INFO", "INDEX_XINFO", "INDEX_LIST", "FOREIGN_KEY_LIST", "FOREIGN_KEY_CHECK", "INTEGRITY_CHECK",
            "QUICK_CHECK", "OPTIMIZE", "INCREMENTAL_VACUUM");

    private StatementGuard() {
    }

    /**
     * Checks every statement of {@code sql}.
     *
     * @throws StatementRefusedException naming the first statement that would break replication
     */
    public static void check(String sql) throws StatementRefusedException {
        for (LexedStatement statement : SqlLexer.statements(sql)) {
            check(statement);
        }
    }

    /**
     * Checks one statement, lexed already.
     *
     * @throws StatementRefusedException if the statement would break replication
     */
    public static void check(LexedStatement statement) throws StatementRefusedException {
        checkStatement(statement.names());
    }

    private static void checkStatement(List<String> tokens) throws StatementRefusedException {
        tokens = withoutExplain(tokens);
        if (tokens.isEmpty()) {
            return;
        }
        String first = tokens.get(0);
        if (first.equals("ATTACH") || first.equals("DETACH")) {
            throw new StatementRefusedException(first + " is not allowed: a replicated database cannot reach"
                    + " other database files");
        }
        if (first.equals("CREATE") && createsTemporaryObject(tokens)) {
            throw new StatementRefusedException("temporary tables, views, indexes and triggers are not allowed:"
                    + " they live in one connection of one node, which other sessions share, and are not replicated");
        }
        if (first.equals("VACUUM") && tokens.contains("INTO")) {
            throw new StatementRefusedException("VACUUM INTO is not allowed: it writes a file outside replication;"
                    + " plain VACUUM is fine");
        }
        if (first.equals("PRAGMA") && tokens.size() > 1) {
            checkPragma(tokens);
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).equals("LOAD_EXTENSION") && tokens.get(i + 1).equals("(")) {
                throw new StatementRefusedException("load_extension() is not allowed on a replicated database");
            }
        }
    }

    private static void checkPragma(List<String> tokens) throws StatementRefusedException {
        int name = tokens.size() > 3 && tokens.get(2).equals(".") ? 3 : 1;
        String pragma = tokens.get(name);
        boolean withArgument = tokens.size() > name + 1
                && (tokens.get(name + 1).equals("=") || tokens.get(name + 1).equals("("));
        if (pragma.equals("WAL_CHECKPOINT")) {
            throw new StatementRefusedException("PRAGMA wal_checkpoint is not allowed: the node checkpoints the"
                    + " WAL itself, after replicating it");
        }
        if (!withArgument || PRAGMAS_STORED_IN_THE_DATABASE.contains(pragma) || PRAGMAS_WITH_ARGUMENTS.contains(pragma)
                || SessionPragmas.isKept(pragma)) {
            return;
        }
        throw new StatementRefusedException("PRAGMA " + pragma.toLowerCase() + " cannot be set: every session"
                + " shares the leader's connection and replication needs it as it is; reading it is fine, and a"
                + " session may set only " + SessionPragmas.names() + " for itself");
    }

    /** Returns the statement EXPLAIN or EXPLAIN QUERY PLAN wraps, or the statement itself. */
    private static List<String> withoutExplain(List<String> tokens) {
        if (tokens.isEmpty() || !tokens.get(0).equals("EXPLAIN")) {
            return tokens;
        }
        int start = tokens.size() > 2 && tokens.get(1).equals("QUERY") && tokens.get(2).equals("PLAN") ? 3 : 1;
        return tokens.subList(start, tokens.size());
    }

    /** Tells whether a CREATE statement makes a TEMP object, by keyword or by the {@code temp.} schema. */
    private static boolean createsTemporaryObject(List<String> tokens) {
        int i = 1;
        if (i < tokens.size() && TEMPORARY.contains(tokens.get(i))) {
            return true;
        }
        if (i < tokens.size() && (tokens.get(i).equals("UNIQUE") || tokens.get(i).equals("VIRTUAL"))) {
            i++;
        }
        if (i >= tokens.size() || !CREATED_OBJECTS.contains(tokens.get(i))) {
            return false;
        }
        i++;
        if (i + 2 < tokens.size() && tokens.get(i).equals("IF") && tokens.get(i + 1).equals("NOT")
                && tokens.get(i + 2).equals("EXISTS")) {
            i += 3;
        }
        return i + 1 < tokens.size() && TEMPORARY.contains(tokens.get(i)) && tokens.get(i + 1).equals(".");
    }
}
