package io.dqlite.core.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's conversation with a database on the leader: statements with parameters, queries,
 * and explicit transactions (BEGIN ... COMMIT) that hold the writer from their first statement to
 * their end, so other sessions queue instead of failing with {@code SQLITE_BUSY}.
 *
 * <p>A session is used by one thread at a time.
 */
public final class LeaderSession implements AutoCloseable {

    private final LeaderDatabase database;
    private final Map<Integer, String> prepared = new HashMap<>();
    private int nextStatementId;
    private boolean inTransaction;
    private int savepoints;

    /** Opens a session on {@code database}. */
    public LeaderSession(LeaderDatabase database) {
        this.database = database;
    }

    /** The outcome of a statement: rows changed and the last inserted rowid. */
    public record ExecResult(long changes, long lastInsertId) {
    }

    /** The rows of a query, with the names of its columns. */
    public record QueryResult(List<String> columns, List<Object[]> rows) {
    }

    /**
     * Checks {@code sql} and keeps it under a new statement id for {@link #execute(int, Object...)}
     * and {@link #query(int, Object...)}.
     *
     * @throws StatementRefusedException if the statement would break replication
     */
    public int prepare(String sql) throws SQLException {
        StatementGuard.check(sql);
        int id = nextStatementId++;
        prepared.put(id, sql);
        return id;
    }

    /** Executes the prepared statement {@code id} with {@code parameters}. */
    public ExecResult execute(int id, Object... parameters) throws SQLException {
        return execute(preparedSql(id), parameters);
    }

    /** Runs the prepared query {@code id} with {@code parameters}. */
    public QueryResult query(int id, Object... parameters) throws SQLException {
        return query(preparedSql(id), parameters);
    }

    /** Forgets the prepared statement {@code id}. */
    public void finalizeStatement(int id) throws SQLException {
        preparedSql(id);
        prepared.remove(id);
    }

    /** Executes one or more statements that return no rows. */
    public ExecResult execute(String sql, Object... parameters) throws SQLException {
        return run(sql, false, connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                statement.execute();
                long changes = Math.max(0, statement.getUpdateCount());
                return new ExecResult(changes, lastInsertId(connection));
            }
        });
    }

    /** Runs a query and returns all its rows. */
    public QueryResult query(String sql, Object... parameters) throws SQLException {
        return run(sql, true, connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters);
                    ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<Object[]> result = new ArrayList<>();
                while (rows.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rows.getObject(i + 1);
                    }
                    result.add(row);
                }
                return new QueryResult(columns, result);
            }
        });
    }

    /** Tells whether an explicit transaction is open. */
    public boolean inTransaction() {
        return inTransaction;
    }

    /** Rolls back an open transaction and releases the writer. */
    @Override
    public void close() throws SQLException {
        if (inTransaction) {
            try {
                database.runHolding(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("ROLLBACK");
                    }
                    return null;
                });
            } finally {
                endTransaction();
                database.release();
            }
        }
    }

    private <T> T run(String sql, boolean read, SqlWork<T> work) throws SQLException {
        StatementGuard.check(sql);
        if (!inTransaction) {
            database.acquire();
        }
        try {
            if (read && !inTransaction) {
                database.confirmLeadership();
            }
            T result = database.runHolding(work);
            track(sql);
            return result;
        } catch (SQLException e) {
            if (database.isBroken()) {
                endTransaction();
            }
            throw e;
        } finally {
            if (!inTransaction) {
                database.release();
            }
        }
    }

    /** Follows the transaction state through the statements that open and end transactions. */
    private void track(String sql) {
        for (List<String> statement : SqlTokens.statements(sql)) {
            String first = statement.get(0);
            boolean rollbackTo = first.equals("ROLLBACK") && statement.contains("TO");
            if (first.equals("BEGIN")) {
                beginTransaction();
            } else if (first.equals("SAVEPOINT")) {
                if (!inTransaction) {
                    beginTransaction();
                }
                savepoints++;
            } else if (first.equals("RELEASE") && savepoints > 0) {
                savepoints--;
                if (savepoints == 0) {
                    endTransaction();
                }
            } else if ((first.equals("COMMIT") || first.equals("END") || first.equals("ROLLBACK")) && !rollbackTo
                    && inTransaction) {
                endTransaction();
            }
        }
    }

    private void beginTransaction() {
        if (!inTransaction) {
            inTransaction = true;
            savepoints = 0;
        }
    }

    private void endTransaction() {
        inTransaction = false;
        savepoints = 0;
    }

    private String preparedSql(int id) throws SQLException {
        String sql = prepared.get(id);
        if (sql == null) {
            throw new SQLException("no prepared statement with id " + id + " in this session", "HY010");
        }
        return sql;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static long lastInsertId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT last_insert_rowid()")) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
