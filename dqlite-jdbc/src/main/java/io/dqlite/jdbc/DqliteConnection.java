package io.dqlite.jdbc;

import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A JDBC connection over one {@link Session} with a database on the cluster's leader.
 *
 * <p>With autocommit off, {@code BEGIN} is sent lazily, before the first statement of each
 * transaction, so an idle connection holds no transaction (a leader queues other writers behind an
 * open one); {@link #commit()} and {@link #rollback()} send COMMIT and ROLLBACK. BEGIN, COMMIT, END
 * and ROLLBACK run as SQL are followed too. Savepoints are SQL SAVEPOINT, ROLLBACK TO and RELEASE.
 * Every transaction is serializable, as SQLite's are. Exceptions from the session pass through
 * unchanged.
 */
public final class DqliteConnection implements Connection {

    private final EndAwareSession session;
    private final String url;
    private final Set<DqliteStatement> statements = new LinkedHashSet<>();
    private final Properties clientInfo = new Properties();
    private boolean autoCommit = true;
    private boolean inTransaction;
    private boolean readOnly;
    private int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    private int networkTimeoutMillis;
    private int savepointCount;
    private volatile boolean closed;

    /** Creates a connection over {@code session}, which was opened for {@code url}. */
    public DqliteConnection(Session session, String url) {
        this.session = new EndAwareSession(session, () -> !autoCommit);
        this.url = url;
    }

    Session session() {
        return session;
    }

    String url() {
        return url;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The connection is closed", "08003");
        }
    }

    /**
     * Begins the transaction that autocommit off asks for, unless {@code first} itself controls one; outside a
     * transaction, first lets the session replace a connection the node closed while it sat idle.
     */
    void beforeStatement(SqlStatement first) throws SQLException {
        checkOpen();
        if (!inTransaction) {
            session.reopenIfClosedWhileIdle();
        }
        if (!autoCommit && !inTransaction && !first.controlsTransaction()) {
            session.execSql("BEGIN", List.of());
            inTransaction = true;
        }
    }

    /** Follows the transaction statements among {@code executed}, which ran successfully. */
    void afterStatements(List<SqlStatement> executed) {
        for (SqlStatement statement : executed) {
            if (statement.verb().equals("BEGIN")) {
                inTransaction = true;
            } else if (statement.endsTransaction()) {
                inTransaction = false;
            }
        }
    }

    void statementClosed(DqliteStatement statement) {
        statements.remove(statement);
    }

    private <T extends DqliteStatement> T track(T statement) {
        statements.add(statement);
        return statement;
    }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return track(new DqliteStatement(this));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency);
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency);
        checkHoldability(resultSetHoldability);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, null);
    }

    private DqlitePreparedStatement prepare(String sql, String[] keyColumnNames) throws SQLException {
        checkOpen();
        SqlStatement first = DqliteStatement.parse(sql).get(0);
        if (!inTransaction) {
            session.reopenIfClosedWhileIdle();
        }
        StatementHandle handle = session.prepare(sql);
        return track(new DqlitePreparedStatement(this, handle, first, keyColumnNames));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency);
        checkHoldability(resultSetHoldability);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw new SQLException("autoGeneratedKeys must be Statement.RETURN_GENERATED_KEYS or NO_GENERATED_KEYS, was "
                    + autoGeneratedKeys, "HY092");
        }
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, columnNames);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw new SQLFeatureNotSupportedException("Stored procedures (prepareCall) are not supported by SQLite");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    private static void checkResultSetKind(int type, int concurrency) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw new SQLFeatureNotSupportedException("Scrollable result sets are not supported; use TYPE_FORWARD_ONLY");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw new SQLFeatureNotSupportedException("Updatable result sets are not supported; use CONCUR_READ_ONLY");
        }
    }

    private static void checkHoldability(int holdability) throws SQLException {
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT && holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw new SQLException("Unknown result set holdability " + holdability, "HY092");
        }
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        // a pool resets autocommit after the rollback of an ended transaction: it must learn the connection is done
        session.requireNotEnded();
        if (autoCommit && !this.autoCommit && inTransaction) {
            session.execSql("COMMIT", List.of());
            inTransaction = false;
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkAutoCommitOff("commit");
        if (inTransaction) {
            session.execSql("COMMIT", List.of());
            inTransaction = false;
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkAutoCommitOff("rollback");
        if (session.ended()) {
            // the leader change or lost connection that ended the session ended its transaction
            inTransaction = false;
            return;
        }
        if (inTransaction) {
            try {
                session.execSql("ROLLBACK", List.of());
            } finally {
                inTransaction = false;
            }
        }
    }

    private void checkAutoCommitOff(String operation) throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException(operation + " is not allowed in autocommit mode; call setAutoCommit(false) first",
                    "25000");
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkAutoCommitOff("setSavepoint");
        int id = ++savepointCount;
        return savepoint(id, "dqlite_savepoint_" + id);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkAutoCommitOff("setSavepoint");
        if (name == null || name.isEmpty()) {
            throw new SQLException("A savepoint name must not be null or empty", "HY024");
        }
        return savepoint(null, name);
    }

    private Savepoint savepoint(Integer id, String name) throws SQLException {
        String sql = "SAVEPOINT " + quote(name);
        beforeStatement(SqlStatement.split(sql).get(0));
        session.execSql(sql, List.of());
        return new DqliteSavepoint(this, id, name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkAutoCommitOff("rollback to a savepoint");
        session.execSql("ROLLBACK TO SAVEPOINT " + quote(own(savepoint).sqlName()), List.of());
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        session.execSql("RELEASE SAVEPOINT " + quote(own(savepoint).sqlName()), List.of());
    }

    private DqliteSavepoint own(Savepoint savepoint) throws SQLException {
        if (!(savepoint instanceof DqliteSavepoint ours) || ours.connection() != this) {
            throw new SQLException("The savepoint " + savepoint + " was not made by this connection", "3B001");
        }
        return ours;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        SQLException failure = null;
        for (DqliteStatement statement : new ArrayList<>(statements)) {
            try {
                statement.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        closed = true;
        inTransaction = false;
        try {
            session.close();
        } catch (SQLException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor", "HY009");
        }
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(() -> {
            try {
                session.interrupt();
                session.close();
            } catch (SQLException e) {
                // the connection is being abandoned; nothing is left to tell
            }
        });
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid's timeout must not be negative, was " + timeout, "HY024");
        }
        return !closed && session.isValid(timeout);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new DqliteDatabaseMetaData(this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("Unknown transaction isolation level " + level, "HY024");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("Type maps (setTypeMap) are not supported");
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        checkHoldability(holdability);
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public Clob createClob() throws SQLException {
        throw new SQLFeatureNotSupportedException("createClob is not supported; bind a String instead");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw new SQLFeatureNotSupportedException("createBlob is not supported; bind a byte[] instead");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw new SQLFeatureNotSupportedException("createNClob is not supported; bind a String instead");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLXML (createSQLXML) is not supported");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw new SQLFeatureNotSupportedException("ARRAY values (createArrayOf) are not supported");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw new SQLFeatureNotSupportedException("STRUCT values (createStruct) are not supported");
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("The connection is closed", "08003", 0,
                    Map.of(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN));
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("The connection is closed", "08003", 0, Map.of());
        }
        clientInfo.clear();
        clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("The network timeout must not be negative, was " + milliseconds, "HY024");
        }
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("A dqlite connection does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
