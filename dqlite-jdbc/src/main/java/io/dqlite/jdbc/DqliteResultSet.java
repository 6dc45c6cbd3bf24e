package io.dqlite.jdbc;

import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * A forward-only, read-only result over a session's {@link Rows}, read one row at a time so that a
 * large result never sits in memory whole. At most one row ahead is read, and only when
 * {@link #isLast()}, {@link #isBeforeFirst()} or the column types of {@link #getMetaData()} need it.
 *
 * <p>Getters convert as {@link ColumnValues} says: dates and times come from ISO-8601 text, from
 * integers (seconds for dqlite's UNIXTIME values, milliseconds otherwise) or from Julian day reals;
 * numbers that do not fit the requested type fail instead of wrapping.
 */
public final class DqliteResultSet extends ForwardOnlyReadOnlyResultSet {

    private final DqliteStatement statement;
    private final Rows rows;
    private final List<String> columns;
    private final long maxRows;
    private Map<String, Integer> columnIndexes;
    private Row current;
    private Row ahead;
    private boolean aheadRead;
    private ValueType[] firstRowTypes;
    private long rowNumber;
    private boolean exhausted;
    private boolean closed;
    private boolean lastWasNull;
    private int fetchSize;

    /** A row copied out of the session's rows. */
    private record Row(Object[] values, ValueType[] types) {
    }

    /**
     * Creates a result over {@code rows}; {@code statement} is the statement that made it, or null
     * for results the driver makes itself, and {@code maxRows} the most rows to return, 0 for all.
     */
    DqliteResultSet(DqliteStatement statement, Rows rows, long maxRows) {
        this.statement = statement;
        this.rows = rows;
        this.columns = rows.columns();
        this.maxRows = maxRows;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        Row row = aheadRead ? ahead : read();
        aheadRead = false;
        ahead = null;
        current = row;
        if (row == null) {
            exhausted = true;
            return false;
        }
        rowNumber++;
        if (firstRowTypes == null) {
            firstRowTypes = row.types();
        }
        return true;
    }

    private Row read() throws SQLException {
        if (exhausted || (maxRows > 0 && rowNumber >= maxRows)) {
            endOfRows();
            return null;
        }
        if (!rows.next()) {
            endOfRows();
            return null;
        }
        int count = columns.size();
        Object[] values = new Object[count];
        ValueType[] types = new ValueType[count];
        for (int i = 0; i < count; i++) {
            values[i] = rows.value(i);
            types[i] = rows.type(i);
        }
        return new Row(values, types);
    }

    private Row peek() throws SQLException {
        if (!aheadRead) {
            ahead = read();
            aheadRead = true;
        }
        return ahead;
    }

    private void endOfRows() throws SQLException {
        if (!exhausted) {
            exhausted = true;
            rows.close();
        }
    }

    /** Returns the names of the columns, in order. */
    List<String> columnNames() {
        return columns;
    }

    /** Returns the wire types of the first row, reading it ahead if needed; null when there is no row. */
    ValueType[] firstRowTypes() throws SQLException {
        if (firstRowTypes == null && rowNumber == 0 && !closed) {
            Row first = peek();
            if (first != null) {
                firstRowTypes = first.types();
            }
        }
        return firstRowTypes;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        ahead = null;
        try {
            endOfRows();
        } finally {
            if (statement != null) {
                statement.resultSetClosed(this);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("The result set is closed", "24000");
        }
    }

    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException(rowNumber == 0 && !exhausted
                    ? "The result set has no current row: call next() first"
                    : "The result set has no current row: it is past its last row", "24000");
        }
        checkColumn(columnIndex);
        Object value = current.values()[columnIndex - 1];
        lastWasNull = value == null;
        return value;
    }

    private ValueType type(int columnIndex) {
        return current.types()[columnIndex - 1];
    }

    private void checkColumn(int columnIndex) throws SQLException {
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw new SQLException("Column index " + columnIndex + " is out of range: the result has "
                    + columns.size() + " columns", "07009");
        }
    }

    private String describe(int columnIndex) {
        return "column " + columnIndex + " ('" + columns.get(columnIndex - 1) + "')";
    }

    private static ZoneId zone(Calendar calendar) {
        return calendar == null ? ZoneId.systemDefault() : calendar.getTimeZone().toZoneId();
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        if (columnIndexes == null) {
            columnIndexes = new HashMap<>();
            for (int i = columns.size() - 1; i >= 0; i--) {
                columnIndexes.put(columns.get(i).toLowerCase(Locale.ROOT), i + 1);
            }
        }
        Integer index = columnLabel == null ? null : columnIndexes.get(columnLabel.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new SQLException("The result has no column named '" + columnLabel + "'; its columns are "
                    + columns, "42S22");
        }
        return index;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return lastWasNull;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return ColumnValues.string(value(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return ColumnValues.booleanValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return ColumnValues.byteValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return ColumnValues.shortValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return ColumnValues.intValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return ColumnValues.longValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return (float) ColumnValues.doubleValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return ColumnValues.doubleValue(value(columnIndex), describe(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal value = getBigDecimal(columnIndex);
        return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return ColumnValues.bigDecimal(value(columnIndex), describe(columnIndex));
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return ColumnValues.bytes(value(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        Object value = value(columnIndex);
        return ColumnValues.date(value, type(columnIndex), zone(calendar), describe(columnIndex));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        Object value = value(columnIndex);
        return ColumnValues.time(value, type(columnIndex), zone(calendar), describe(columnIndex));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        Object value = value(columnIndex);
        return ColumnValues.timestamp(value, type(columnIndex), zone(calendar), describe(columnIndex));
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw new SQLFeatureNotSupportedException("getUnicodeStream is deprecated and not supported; use getCharacterStream");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new StringReader(text);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new SerialBlob(bytes);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new SerialClob(text.toCharArray());
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return value(columnIndex);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject was given a null class", "HY009");
        }
        Object value = value(columnIndex);
        return ColumnValues.as(value, type(columnIndex), type, describe(columnIndex));
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return getDate(findColumn(columnLabel), calendar);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return getTime(findColumn(columnLabel), calendar);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return getTimestamp(findColumn(columnLabel), calendar);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new DqliteResultSetMetaData(this);
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
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
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowNumber == 0 && !exhausted && peek() != null;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return exhausted && current == null && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return current != null && rowNumber == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return current != null && peek() == null;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return current == null ? 0 : (int) Math.min(rowNumber, Integer.MAX_VALUE);
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLException("A forward-only result set only fetches forward (FETCH_FORWARD)", "HY106");
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
    public int getType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("A dqlite result set does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
