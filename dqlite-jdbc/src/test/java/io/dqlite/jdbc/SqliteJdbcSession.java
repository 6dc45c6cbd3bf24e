package io.dqlite.jdbc;

import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import io.dqlite.jdbc.session.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteException;

/**
 * A test-only {@link Session} over a plain sqlite-jdbc connection, so that the JDBC classes can be
 * tested in this module without a cluster. It behaves as a dqlite session does where the JDBC layer
 * can tell: rows stream, the rows affected are SQLite's {@code changes()}, failures carry SQLite's
 * extended code through {@link SqliteErrors}, and {@link #interrupt()} is {@code sqlite3_interrupt}.
 */
public final class SqliteJdbcSession implements Session {

    private final Connection connection;
    private final String database;
    private final Map<Integer, PreparedStatement> prepared = new HashMap<>();
    private int nextId;

    /** Creates a session over {@code connection}, reporting {@code database} as its database name. */
    public SqliteJdbcSession(Connection connection, String database) {
        this.connection = connection;
        this.database = database;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public StatementHandle prepare(String sql) throws SQLException {
        try {
            PreparedStatement statement = connection.prepareStatement(sql);
            int id = nextId++;
            prepared.put(id, statement);
            return new StatementHandle(id, statement.getParameterMetaData().getParameterCount());
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public ExecResult exec(int statementId, List<Object> parameters) throws SQLException {
        PreparedStatement statement = statement(statementId);
        try {
            bind(statement, parameters);
            statement.execute();
            closeResult(statement);
            return lastOutcome();
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public Rows query(int statementId, List<Object> parameters) throws SQLException {
        PreparedStatement statement = statement(statementId);
        try {
            bind(statement, parameters);
            return rowsOf(statement, statement.execute(), false);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public void finalizeStatement(int statementId) throws SQLException {
        statement(statementId).close();
        prepared.remove(statementId);
    }

    @Override
    public ExecResult execSql(String sql, List<Object> parameters) throws SQLException {
        try {
            if (parameters.isEmpty()) {
                connection.unwrap(SQLiteConnection.class).getDatabase()._exec(sql);
            } else {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, parameters);
                    statement.execute();
                }
            }
            return lastOutcome();
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public Rows querySql(String sql, List<Object> parameters) throws SQLException {
        try {
            PreparedStatement statement = connection.prepareStatement(sql);
            bind(statement, parameters);
            return rowsOf(statement, statement.execute(), true);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public void interrupt() throws SQLException {
        connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
    }

    @Override
    public boolean isValid(int timeoutSeconds) {
        try {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        try {
            rollbackOpenTransaction();
            for (PreparedStatement statement : prepared.values()) {
                statement.close();
            }
            prepared.clear();
        } finally {
            connection.close();
        }
    }

    private void rollbackOpenTransaction() {
        try {
            connection.unwrap(SQLiteConnection.class).getDatabase()._exec("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open
        }
    }

    private PreparedStatement statement(int id) throws SQLException {
        PreparedStatement statement = prepared.get(id);
        if (statement == null) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "no prepared statement with id " + id);
        }
        return statement;
    }

    private ExecResult lastOutcome() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT changes(), last_insert_rowid()")) {
            row.next();
            return new ExecResult(row.getLong(2), row.getLong(1));
        }
    }

    private static void closeResult(Statement statement) throws SQLException {
        ResultSet result = statement.getResultSet();
        if (result != null) {
            result.close();
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        statement.clearParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Boolean flag) {
                statement.setLong(i + 1, flag ? 1 : 0);
            } else if (value instanceof Number number && !(value instanceof Double)) {
                statement.setLong(i + 1, number.longValue());
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private Rows rowsOf(PreparedStatement statement, boolean hasRows, boolean closeStatement) throws SQLException {
        if (!hasRows) {
            if (closeStatement) {
                statement.close();
            }
            return new RowList(List.of(), List.of());
        }
        return new ResultSetRows(statement.getResultSet(), closeStatement ? statement : null);
    }

    private static SQLException translate(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLException mapped = SqliteErrors.toException(sqlite.getResultCode().code, sqlite.getMessage());
            mapped.initCause(e);
            return mapped;
        }
        return e;
    }

    /** The rows of a sqlite-jdbc result, read one step at a time. */
    private static final class ResultSetRows implements Rows {

        private final ResultSet result;
        private final Statement owner;
        private final List<String> columns = new ArrayList<>();
        private boolean closed;

        ResultSetRows(ResultSet result, Statement owner) throws SQLException {
            this.result = result;
            this.owner = owner;
            for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                columns.add(result.getMetaData().getColumnLabel(i));
            }
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public boolean next() throws SQLException {
            if (closed) {
                return false;
            }
            try {
                if (result.next()) {
                    return true;
                }
            } catch (SQLException e) {
                close();
                throw translate(e);
            }
            close();
            return false;
        }

        @Override
        public Object value(int index) {
            try {
                Object value = result.getObject(index + 1);
                return value instanceof Integer number ? Long.valueOf(number) : value;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ValueType type(int index) {
            Object value = value(index);
            if (value == null) {
                return ValueType.NULL;
            }
            if (value instanceof Long) {
                return ValueType.INTEGER;
            }
            if (value instanceof Double) {
                return ValueType.FLOAT;
            }
            return value instanceof byte[] ? ValueType.BLOB : ValueType.TEXT;
        }

        @Override
        public void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            result.close();
            if (owner != null) {
                owner.close();
            }
        }
    }
}
