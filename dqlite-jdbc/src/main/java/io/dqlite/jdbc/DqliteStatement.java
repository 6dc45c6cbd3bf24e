package io.dqlite.jdbc;

import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement that runs SQL text on its connection's session.
 *
 * <p>Whether SQL returns rows is decided lexically ({@link SqlStatement}) on the last statement of
 * the string: a string whose last statement returns rows runs the statements before it with
 * {@code execSql} and the last one as a query; any other string runs whole with {@code execSql}. A
 * query that turns out to have no columns (a PRAGMA that sets a value) counts as an update of 0
 * rows. The update count is the session's rows affected for INSERT, UPDATE, DELETE and REPLACE, and
 * 0 for any other statement. After an INSERT or REPLACE that inserted a row,
 * {@link #getGeneratedKeys()} returns its rowid (the session's last insert id), whether or not
 * keys were asked for; after a batch, one rowid per entry that inserted.
 *
 * <p>The query timeout covers the call that executes the statement, including the wait for the
 * first rows of a query but not the reading of the rest.
 */
public class DqliteStatement implements Statement {

    /** The name of the generated key column unless one column name was asked for. */
    static final String GENERATED_KEY_COLUMN = "last_insert_rowid()";

    private final DqliteConnection connection;
    private final List<String> batch = new ArrayList<>();
    private DqliteResultSet currentResult;
    private long updateCount = -1;
    private List<Long> generatedKeys = List.of();
    private String generatedKeyColumn = GENERATED_KEY_COLUMN;
    private long maxRows;
    private int fetchSize;
    private int queryTimeoutSeconds;
    private boolean closeOnCompletion;
    private boolean poolable;
    private boolean closed;

    /** Creates a statement on {@code connection}. */
    DqliteStatement(DqliteConnection connection) {
        this.connection = connection;
    }

    /** The call a statement makes on its session, under the query timeout. */
    @FunctionalInterface
    interface SessionCall<T> {
        T run() throws SQLException;
    }

    final DqliteConnection connection() {
        return connection;
    }

    /** Runs {@code call}, interrupting it through the session if it outlives the query timeout. */
    final <T> T timed(SessionCall<T> call) throws SQLException {
        if (queryTimeoutSeconds <= 0) {
            return call.run();
        }
        QueryTimeout timeout = QueryTimeout.start(connection.session(), queryTimeoutSeconds);
        try {
            return call.run();
        } catch (SQLException e) {
            if (timeout.expired() && !(e instanceof SQLTimeoutException)) {
                throw new SQLTimeoutException("The statement ran past its query timeout of " + queryTimeoutSeconds
                        + " s and was interrupted", "57014", e.getErrorCode(), e);
            }
            throw e;
        } finally {
            timeout.cancel();
        }
    }

    /** Clears the previous execution's results, closing its result set. */
    final void startExecution() throws SQLException {
        checkOpen();
        connection.checkOpen();
        closeCurrentResult();
        updateCount = -1;
    }

    /** Makes {@code rows} the current result, or an update count of 0 if the query has no columns. */
    final boolean setQueryResult(Rows rows) throws SQLException {
        if (rows.columns().isEmpty()) {
            rows.close();
            updateCount = 0;
            return false;
        }
        currentResult = new DqliteResultSet(this, rows, maxRows);
        return true;
    }

    /** Records the outcome of {@code statement}: its update count and, for an insert, its key. */
    final long setExecResult(SqlStatement statement, ExecResult result) {
        updateCount = statement.changesRows() ? result.rowsAffected() : 0;
        generatedKeys = statement.inserts() && result.rowsAffected() > 0 ? List.of(result.lastInsertId()) : List.of();
        return updateCount;
    }

    /** Names the generated key column after {@code columnNames} if exactly one is given. */
    final void setGeneratedKeyColumn(String[] columnNames) {
        generatedKeyColumn = columnNames != null && columnNames.length == 1 && columnNames[0] != null
                ? columnNames[0] : GENERATED_KEY_COLUMN;
    }

    final void setGeneratedKeys(List<Long> keys) {
        generatedKeys = List.copyOf(keys);
    }

    final List<Long> generatedKeys() {
        return generatedKeys;
    }

    private boolean run(String sql, boolean asQuery) throws SQLException {
        startExecution();
        List<SqlStatement> statements = parse(sql);
        SqlStatement last = statements.get(statements.size() - 1);
        connection.beforeStatement(statements.get(0));
        if (asQuery) {
            if (statements.size() > 1) {
                String leading = String.join(";\n", statements.stream().limit(statements.size() - 1)
                        .map(SqlStatement::text).toList());
                timed(() -> connection.session().execSql(leading, List.of()));
            }
            Rows rows = timed(() -> connection.session().querySql(last.text(), List.of()));
            connection.afterStatements(statements);
            return setQueryResult(rows);
        }
        ExecResult result = timed(() -> connection.session().execSql(sql, List.of()));
        connection.afterStatements(statements);
        setExecResult(last, result);
        return false;
    }

    static List<SqlStatement> parse(String sql) throws SQLException {
        if (sql == null) {
            throw new SQLException("The SQL string is null", "42000");
        }
        List<SqlStatement> statements = SqlStatement.split(sql);
        if (statements.isEmpty()) {
            throw new SQLException("The SQL string holds no statement", "42000");
        }
        return statements;
    }

    private static boolean lastReturnsRows(String sql) throws SQLException {
        List<SqlStatement> statements = parse(sql);
        return statements.get(statements.size() - 1).returnsRows();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, lastReturnsRows(sql));
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        if (!run(sql, true)) {
            throw new SQLException("executeQuery ran a statement that returns no rows: " + sql, "02000");
        }
        return currentResult;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        run(sql, false);
        return updateCount;
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return execute(sql);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return execute(sql);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        setGeneratedKeyColumn(columnNames);
        return execute(sql);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return executeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        setGeneratedKeyColumn(columnNames);
        return executeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        setGeneratedKeyColumn(columnNames);
        return executeLargeUpdate(sql);
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        parse(sql);
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        startExecution();
        List<String> work = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[work.size()];
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            try {
                run(work.get(i), false);
            } catch (SQLException e) {
                throw batchFailure(i, e, counts);
            }
            counts[i] = updateCount;
            keys.addAll(generatedKeys);
        }
        generatedKeys = List.copyOf(keys);
        updateCount = -1;
        return counts;
    }

    /** Returns the exception for a batch whose entry {@code failed} threw {@code cause}. */
    static BatchUpdateException batchFailure(int failed, SQLException cause, long[] counts) {
        long[] done = Arrays.copyOf(counts, failed);
        return new BatchUpdateException("Batch entry " + failed + " failed: " + cause.getMessage(),
                cause.getSQLState(), cause.getErrorCode(), done, cause);
    }

    static int[] toIntCounts(long[] counts) {
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
        }
        return result;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        List<Object[]> rows = new ArrayList<>();
        for (Long key : generatedKeys) {
            rows.add(new Object[] {key});
        }
        return new DqliteResultSet(this, new RowList(List.of(generatedKeyColumn), rows), 0);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return currentResult;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) Math.min(getLargeUpdateCount(), Integer.MAX_VALUE);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return currentResult == null ? updateCount : -1;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current != Statement.KEEP_CURRENT_RESULT) {
            closeCurrentResult();
        }
        currentResult = null;
        updateCount = -1;
        return false;
    }

    private void closeCurrentResult() throws SQLException {
        DqliteResultSet result = currentResult;
        currentResult = null;
        if (result != null) {
            result.close();
        }
    }

    /** Called by a result set of this statement when it closes. */
    void resultSetClosed(DqliteResultSet resultSet) throws SQLException {
        if (resultSet == currentResult) {
            currentResult = null;
            if (closeOnCompletion) {
                close();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeCurrentResult();
            release();
        } finally {
            connection.statementClosed(this);
        }
    }

    /** Releases what the statement holds on the session; a plain statement holds nothing. */
    void release() throws SQLException {
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The statement is closed", "HY010");
        }
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        connection.session().interrupt();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max != 0) {
            throw new SQLFeatureNotSupportedException("A maximum field size (setMaxFieldSize) is not supported");
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(getLargeMaxRows(), Integer.MAX_VALUE);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("The maximum number of rows must not be negative, was " + max, "HY024");
        }
        maxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeoutSeconds;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("The query timeout must not be negative, was " + seconds, "HY024");
        }
        queryTimeoutSeconds = seconds;
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
    public void setCursorName(String name) throws SQLException {
        throw new SQLFeatureNotSupportedException("Named cursors (setCursorName) are not supported");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLException("Results are forward-only: only FETCH_FORWARD is allowed", "HY106");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("The fetch size must not be negative, was " + rows, "HY024");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("A dqlite statement does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
