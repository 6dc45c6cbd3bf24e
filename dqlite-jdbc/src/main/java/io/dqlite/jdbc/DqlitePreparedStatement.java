package io.dqlite.jdbc;

import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.StatementHandle;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A statement prepared once on the session and executed any number of times. Parameter values stay
 * set between executions until {@link #clearParameters()} or until set again; every parameter must
 * be set before the first execution. The statement text is the first statement of the SQL given,
 * as the session compiles it; whether it returns rows is decided as {@link DqliteStatement} says.
 *
 * <p>Values are bound as {@link ParameterValues} converts them: dates and times as ISO-8601 text,
 * {@link BigDecimal} as text in plain notation so no digit is lost.
 *
 * <p>{@link #getMetaData()} returns the metadata of the current result set, and null before the
 * statement has been executed as a query: SQLite reports no column types before a row exists.
 */
public final class DqlitePreparedStatement extends DqliteStatement implements PreparedStatement {

    private final StatementHandle handle;
    private final SqlStatement statement;
    private final Object[] parameters;
    private final boolean[] parameterSet;
    private final List<Object[]> batch = new ArrayList<>();

    /**
     * Creates the statement for {@code handle}, the session's compiled form of {@code statement};
     * {@code keyColumnNames} names the generated key column, or is null.
     */
    DqlitePreparedStatement(DqliteConnection connection, StatementHandle handle, SqlStatement statement,
            String[] keyColumnNames) {
        super(connection);
        this.handle = handle;
        this.statement = statement;
        this.parameters = new Object[handle.parameterCount()];
        this.parameterSet = new boolean[handle.parameterCount()];
        setGeneratedKeyColumn(keyColumnNames);
    }

    private void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > parameters.length) {
            throw new SQLException("Parameter index " + index + " is out of range: the statement has "
                    + parameters.length + " parameters", "07009");
        }
        parameters[index - 1] = value;
        parameterSet[index - 1] = true;
    }

    private List<Object> boundParameters() throws SQLException {
        for (int i = 0; i < parameterSet.length; i++) {
            if (!parameterSet[i]) {
                throw new SQLException("Parameter " + (i + 1) + " of " + parameters.length + " is not set", "07001");
            }
        }
        return Arrays.asList(parameters.clone());
    }

    @Override
    public boolean execute() throws SQLException {
        startExecution();
        List<Object> values = boundParameters();
        connection().beforeStatement(statement);
        if (statement.returnsRows()) {
            Rows rows = timed(() -> connection().session().query(handle.id(), values));
            connection().afterStatements(List.of(statement));
            return setQueryResult(rows);
        }
        ExecResult result = timed(() -> connection().session().exec(handle.id(), values));
        connection().afterStatements(List.of(statement));
        setExecResult(statement, result);
        return false;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        startExecution();
        List<Object> values = boundParameters();
        connection().beforeStatement(statement);
        Rows rows = timed(() -> connection().session().query(handle.id(), values));
        connection().afterStatements(List.of(statement));
        if (!setQueryResult(rows)) {
            throw new SQLException("executeQuery ran a statement that returns no rows: " + statement.text(), "02000");
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) Math.min(executeLargeUpdate(), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        startExecution();
        return update(boundParameters());
    }

    private long update(List<Object> values) throws SQLException {
        connection().beforeStatement(statement);
        ExecResult result = timed(() -> connection().session().exec(handle.id(), values));
        connection().afterStatements(List.of(statement));
        return setExecResult(statement, result);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(boundParameters().toArray());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        startExecution();
        List<Object[]> work = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[work.size()];
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            try {
                counts[i] = update(Arrays.asList(work.get(i)));
            } catch (SQLException e) {
                throw batchFailure(i, e, counts);
            }
            keys.addAll(generatedKeys());
        }
        setGeneratedKeys(keys);
        return counts;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(parameters, null);
        Arrays.fill(parameterSet, false);
    }

    /**
     * Finalizes the statement on the node. A connection to the node that is lost (SQLState class
     * 08) took the statement with it, so closing succeeds: an executed write must never look
     * failed because its statement could not be closed afterwards.
     */
    @Override
    void release() throws SQLException {
        batch.clear();
        if (!connection().isClosed()) {
            try {
                connection().session().finalizeStatement(handle.id());
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                    throw e;
                }
            }
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        ResultSet current = getResultSet();
        return current == null ? null : current.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new DqliteParameterMetaData(parameters.length);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        set(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        set(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        set(parameterIndex, (long) x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        set(parameterIndex, (long) x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        set(parameterIndex, (long) x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        set(parameterIndex, (double) x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        set(parameterIndex, ParameterValues.of(x));
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        set(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        set(parameterIndex, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        set(parameterIndex, ParameterValues.dateTime(x, null));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        set(parameterIndex, ParameterValues.dateTime(x, cal));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        set(parameterIndex, ParameterValues.dateTime(x, null));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        set(parameterIndex, ParameterValues.dateTime(x, cal));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        set(parameterIndex, ParameterValues.dateTime(x, null));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        set(parameterIndex, ParameterValues.dateTime(x, cal));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        set(parameterIndex, ParameterValues.of(x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        setObject(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        setObject(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        setObject(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        setObject(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        setAsciiStream(parameterIndex, x, -1L);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setAsciiStream(parameterIndex, x, (long) length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        byte[] bytes = ParameterValues.bytes(x, length);
        set(parameterIndex, bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw new SQLFeatureNotSupportedException("setUnicodeStream is deprecated and not supported; "
                + "use setCharacterStream");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        set(parameterIndex, ParameterValues.bytes(x, -1));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        set(parameterIndex, ParameterValues.bytes(x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        set(parameterIndex, ParameterValues.bytes(x, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, -1));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, length));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        set(parameterIndex, ParameterValues.text(value, -1));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        set(parameterIndex, ParameterValues.text(value, length));
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        set(parameterIndex, ParameterValues.of(x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        set(parameterIndex, ParameterValues.bytes(inputStream, -1));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        set(parameterIndex, ParameterValues.bytes(inputStream, length));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        set(parameterIndex, ParameterValues.of(x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, -1));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, length));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        set(parameterIndex, ParameterValues.of(value));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, -1));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        set(parameterIndex, ParameterValues.text(reader, length));
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw new SQLFeatureNotSupportedException("REF parameters (setRef) are not supported");
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        throw new SQLFeatureNotSupportedException("ARRAY parameters (setArray) are not supported");
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        set(parameterIndex, x == null ? null : x.toString());
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw new SQLFeatureNotSupportedException("ROWID parameters (setRowId) are not supported; bind the rowid as a long");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLXML parameters (setSQLXML) are not supported");
    }

    private static SQLException textNotAllowed(String method) {
        return new SQLException(method + "(String) cannot be called on a PreparedStatement; call " + method
                + "() instead", "HY000");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw textNotAllowed("execute");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw textNotAllowed("executeQuery");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw textNotAllowed("executeUpdate");
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw textNotAllowed("executeLargeUpdate");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw textNotAllowed("addBatch");
    }
}
