package io.dqlite.core.session;

import java.util.List;
import java.util.Set;

/**
 * Refuses statements that would break replication (invariant 5): changing the journal mode, the
 * page size, the checkpoint policy or the locking mode, running a checkpoint, attaching other
 * files, {@code VACUUM INTO} a file, and loading extensions.
 */
public final class StatementGuard {

    private static final Set<String> PRAGMAS_NEVER_SET =
            Set.of("JOURNAL_MODE", "PAGE_SIZE", "WAL_AUTOCHECKPOINT", "LOCKING_MODE");

    private StatementGuard() {
    }

    /**
     * Checks every statement of {@code sql}.
     *
     * @throws StatementRefusedException naming the first statement that would break replication
     */
    public static void check(String sql) throws StatementRefusedException {
        for (List<String> statement : SqlTokens.statements(sql)) {
            checkStatement(statement);
        }
    }

    private static void checkStatement(List<String> tokens) throws StatementRefusedException {
        String first = tokens.get(0);
        if (first.equals("EXPLAIN")) {
            return;
        }
        if (first.equals("ATTACH") || first.equals("DETACH")) {
            throw new StatementRefusedException(first + " is not allowed: a replicated database cannot reach"
                    + " other database files");
        }
        if (first.equals("CREATE") && tokens.size() > 1
                && (tokens.get(1).equals("TEMP") || tokens.get(1).equals("TEMPORARY"))) {
            throw new StatementRefusedException("CREATE " + tokens.get(1) + " is not allowed: temporary objects live in"
                    + " one connection of one node, which other sessions share, and are not replicated");
        }
        if (first.equals("VACUUM") && tokens.contains("INTO")) {
            throw new StatementRefusedException("VACUUM INTO is not allowed: it writes a file outside replication;"
                    + " plain VACUUM is fine");
        }
        if (first.equals("PRAGMA") && tokens.size() > 1) {
            int name = tokens.size() > 3 && tokens.get(2).equals(".") ? 3 : 1;
            String pragma = tokens.get(name);
            boolean setting = tokens.size() > name + 1
                    && (tokens.get(name + 1).equals("=") || tokens.get(name + 1).equals("("));
            if (pragma.equals("WAL_CHECKPOINT")) {
                throw new StatementRefusedException("PRAGMA wal_checkpoint is not allowed: the node checkpoints the"
                        + " WAL itself, after replicating it");
            }
            if (setting && PRAGMAS_NEVER_SET.contains(pragma)) {
                throw new StatementRefusedException("PRAGMA " + pragma.toLowerCase() + " cannot be changed:"
                        + " replication needs the database in WAL mode with the page size and checkpoints it"
                        + " was created with");
            }
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).equals("LOAD_EXTENSION") && tokens.get(i + 1).equals("(")) {
                throw new StatementRefusedException("load_extension() is not allowed on a replicated database");
            }
        }
    }
}
