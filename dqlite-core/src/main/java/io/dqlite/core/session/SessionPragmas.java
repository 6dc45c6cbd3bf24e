package io.dqlite.core.session;

import io.dqlite.jdbc.sql.LexedStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The connection settings a session may make for itself on the leader's shared writer
 * connection: each is put in place before the session's work and set back to SQLite's default
 * (off) when the session lets the writer go, so no session's setting reaches another's work.
 *
 * <p>Settings live as long as the session: a client that reconnects, after a failover for
 * instance, sets them again (as a pool's connection-init SQL does).
 */
final class SessionPragmas {

    private static final Set<String> KEPT = Set.of("FOREIGN_KEYS", "RECURSIVE_TRIGGERS", "DEFER_FOREIGN_KEYS",
            "IGNORE_CHECK_CONSTRAINTS", "QUERY_ONLY");

    /** The session's settings that differ from the default, by upper-case pragma name. */
    private final Map<String, Long> values = new TreeMap<>();

    /** Tells whether a session may set {@code pragma} (upper case) for itself. */
    static boolean isKept(String pragma) {
        return KEPT.contains(pragma);
    }

    /** Returns the names of the pragmas a session may set, in lower case. */
    static String names() {
        return String.join(", ", new TreeSet<>(KEPT)).toLowerCase();
    }

    /** Puts this session's settings in place on the writer. */
    void applyTo(Connection writer) throws SQLException {
        for (Map.Entry<String, Long> setting : values.entrySet()) {
            execute(writer, "PRAGMA " + setting.getKey() + " = " + setting.getValue());
        }
    }

    /** Reads back the settings that {@code statements}, just run on the writer, made. */
    void rememberSetBy(List<LexedStatement> statements, Connection writer) throws SQLException {
        for (LexedStatement statement : statements) {
            List<String> tokens = statement.names();
            int name = tokens.size() > 3 && tokens.get(2).equals(".") ? 3 : 1;
            if (tokens.get(0).equals("PRAGMA") && tokens.size() > name + 1 && isKept(tokens.get(name))) {
                String pragma = tokens.get(name);
                long value = read(writer, pragma);
                if (value == 0) {
                    values.remove(pragma);
                } else {
                    values.put(pragma, value);
                }
            }
        }
    }

    /** Sets every pragma this session changed back to its default on the writer. */
    void resetOn(Connection writer) throws SQLException {
        for (String pragma : values.keySet()) {
            execute(writer, "PRAGMA " + pragma + " = 0");
        }
    }

    private static long read(Connection writer, String pragma) throws SQLException {
        try (Statement statement = writer.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA " + pragma)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static void execute(Connection writer, String sql) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute(sql);
        }
    }
}
