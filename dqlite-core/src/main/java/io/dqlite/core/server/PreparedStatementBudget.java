package io.dqlite.core.server;

import io.dqlite.jdbc.SqliteErrors;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The statements one connection holds prepared, across its databases: at most so many, and at most so many
 * bytes of their SQL, which the node keeps until the client finalizes them or leaves. Used by the
 * connection's working thread only.
 */
final class PreparedStatementBudget {

    private final int maxStatements;
    private final long maxSqlBytes;
    /** The SQL bytes of each statement held, by database id and statement id. */
    private final Map<Long, Integer> sqlBytes = new HashMap<>();
    private long totalSqlBytes;

    PreparedStatementBudget(int maxStatements, long maxSqlBytes) {
        this.maxStatements = maxStatements;
        this.maxSqlBytes = maxSqlBytes;
    }

    /** Refuses a statement of {@code bytes} bytes of SQL that would take the connection past a limit. */
    void requireRoomFor(int bytes) throws SQLException {
        if (sqlBytes.size() >= maxStatements) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "this connection holds " + maxStatements
                    + " prepared statements, the most the node allows one connection (maxPreparedStatements,"
                    + " dqlite.server.max-prepared-statements); finalize some before preparing more");
        }
        if (totalSqlBytes + bytes > maxSqlBytes) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_TOOBIG, "preparing a statement of " + bytes
                    + " bytes of SQL would make this connection hold " + (totalSqlBytes + bytes) + " bytes of"
                    + " prepared SQL, more than the " + maxSqlBytes + " the node allows one connection"
                    + " (maxPreparedSqlBytes, dqlite.server.max-prepared-sql-size); finalize statements, or run"
                    + " large SQL without preparing it (EXEC_SQL, QUERY_SQL)");
        }
    }

    /** Counts statement {@code statementId} of database {@code databaseId}, prepared with {@code bytes} of SQL. */
    void add(long databaseId, int statementId, int bytes) {
        Integer previous = sqlBytes.put(key(databaseId, statementId), bytes);
        totalSqlBytes += bytes - (previous == null ? 0 : previous);
    }

    /** Stops counting statement {@code statementId} of database {@code databaseId}, which was finalized. */
    void remove(long databaseId, int statementId) {
        Integer bytes = sqlBytes.remove(key(databaseId, statementId));
        if (bytes != null) {
            totalSqlBytes -= bytes;
        }
    }

    /** Stops counting the statements of database {@code databaseId}, whose session ended. */
    void removeDatabase(long databaseId) {
        sqlBytes.entrySet().removeIf(entry -> {
            boolean ofDatabase = entry.getKey() >>> 32 == databaseId;
            if (ofDatabase) {
                totalSqlBytes -= entry.getValue();
            }
            return ofDatabase;
        });
    }

    /** Returns how many bytes {@code sql} takes in UTF-8, as the wire carries it, without encoding it. */
    static int utf8Length(String sql) {
        int bytes = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static long key(long databaseId, int statementId) {
        return databaseId << 32 | statementId & 0xffffffffL;
    }
}
