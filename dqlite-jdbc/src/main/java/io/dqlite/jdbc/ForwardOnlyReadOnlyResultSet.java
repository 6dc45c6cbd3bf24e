package io.dqlite.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Map;

/**
 * The part of {@link ResultSet} a forward-only, read-only result refuses: moving anywhere but
 * forward, changing rows, and the SQL types SQLite does not have.
 */
abstract class ForwardOnlyReadOnlyResultSet implements ResultSet {

    private static SQLFeatureNotSupportedException unsupported(String feature) {
        return new SQLFeatureNotSupportedException("dqlite result sets are forward-only and read-only: "
                + feature + " is not supported");
    }

    @Override
    public final String getCursorName() throws SQLException {
        throw unsupported("named cursors (getCursorName)");
    }

    @Override
    public final void beforeFirst() throws SQLException {
        throw unsupported("moving before the first row (beforeFirst)");
    }

    @Override
    public final void afterLast() throws SQLException {
        throw unsupported("moving after the last row (afterLast)");
    }

    @Override
    public final boolean first() throws SQLException {
        throw unsupported("moving to the first row (first)");
    }

    @Override
    public final boolean last() throws SQLException {
        throw unsupported("moving to the last row (last)");
    }

    @Override
    public final boolean absolute(int rows) throws SQLException {
        throw unsupported("absolute positioning (absolute)");
    }

    @Override
    public final boolean relative(int rows) throws SQLException {
        throw unsupported("relative positioning (relative)");
    }

    @Override
    public final boolean previous() throws SQLException {
        throw unsupported("moving backwards (previous)");
    }

    @Override
    public final boolean rowUpdated() throws SQLException {
        throw unsupported("updatable result sets (rowUpdated)");
    }

    @Override
    public final boolean rowInserted() throws SQLException {
        throw unsupported("updatable result sets (rowInserted)");
    }

    @Override
    public final boolean rowDeleted() throws SQLException {
        throw unsupported("updatable result sets (rowDeleted)");
    }

    @Override
    public final void updateNull(int columnIndex) throws SQLException {
        throw unsupported("updatable result sets (updateNull)");
    }

    @Override
    public final void updateBoolean(int columnIndex, boolean value) throws SQLException {
        throw unsupported("updatable result sets (updateBoolean)");
    }

    @Override
    public final void updateByte(int columnIndex, byte value) throws SQLException {
        throw unsupported("updatable result sets (updateByte)");
    }

    @Override
    public final void updateShort(int columnIndex, short value) throws SQLException {
        throw unsupported("updatable result sets (updateShort)");
    }

    @Override
    public final void updateInt(int columnIndex, int value) throws SQLException {
        throw unsupported("updatable result sets (updateInt)");
    }

    @Override
    public final void updateLong(int columnIndex, long value) throws SQLException {
        throw unsupported("updatable result sets (updateLong)");
    }

    @Override
    public final void updateFloat(int columnIndex, float value) throws SQLException {
        throw unsupported("updatable result sets (updateFloat)");
    }

    @Override
    public final void updateDouble(int columnIndex, double value) throws SQLException {
        throw unsupported("updatable result sets (updateDouble)");
    }

    @Override
    public final void updateBigDecimal(int columnIndex, BigDecimal value) throws SQLException {
        throw unsupported("updatable result sets (updateBigDecimal)");
    }

    @Override
    public final void updateString(int columnIndex, String value) throws SQLException {
        throw unsupported("updatable result sets (updateString)");
    }

    @Override
    public final void updateBytes(int columnIndex, byte[] value) throws SQLException {
        throw unsupported("updatable result sets (updateBytes)");
    }

    @Override
    public final void updateDate(int columnIndex, Date value) throws SQLException {
        throw unsupported("updatable result sets (updateDate)");
    }

    @Override
    public final void updateTime(int columnIndex, Time value) throws SQLException {
        throw unsupported("updatable result sets (updateTime)");
    }

    @Override
    public final void updateTimestamp(int columnIndex, Timestamp value) throws SQLException {
        throw unsupported("updatable result sets (updateTimestamp)");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, InputStream value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateAsciiStream)");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, InputStream value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateBinaryStream)");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, Reader value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateCharacterStream)");
    }

    @Override
    public final void updateObject(int columnIndex, Object value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateObject)");
    }

    @Override
    public final void updateObject(int columnIndex, Object value) throws SQLException {
        throw unsupported("updatable result sets (updateObject)");
    }

    @Override
    public final void updateNull(String columnLabel) throws SQLException {
        throw unsupported("updatable result sets (updateNull)");
    }

    @Override
    public final void updateBoolean(String columnLabel, boolean value) throws SQLException {
        throw unsupported("updatable result sets (updateBoolean)");
    }

    @Override
    public final void updateByte(String columnLabel, byte value) throws SQLException {
        throw unsupported("updatable result sets (updateByte)");
    }

    @Override
    public final void updateShort(String columnLabel, short value) throws SQLException {
        throw unsupported("updatable result sets (updateShort)");
    }

    @Override
    public final void updateInt(String columnLabel, int value) throws SQLException {
        throw unsupported("updatable result sets (updateInt)");
    }

    @Override
    public final void updateLong(String columnLabel, long value) throws SQLException {
        throw unsupported("updatable result sets (updateLong)");
    }

    @Override
    public final void updateFloat(String columnLabel, float value) throws SQLException {
        throw unsupported("updatable result sets (updateFloat)");
    }

    @Override
    public final void updateDouble(String columnLabel, double value) throws SQLException {
        throw unsupported("updatable result sets (updateDouble)");
    }

    @Override
    public final void updateBigDecimal(String columnLabel, BigDecimal value) throws SQLException {
        throw unsupported("updatable result sets (updateBigDecimal)");
    }

    @Override
    public final void updateString(String columnLabel, String value) throws SQLException {
        throw unsupported("updatable result sets (updateString)");
    }

    @Override
    public final void updateBytes(String columnLabel, byte[] value) throws SQLException {
        throw unsupported("updatable result sets (updateBytes)");
    }

    @Override
    public final void updateDate(String columnLabel, Date value) throws SQLException {
        throw unsupported("updatable result sets (updateDate)");
    }

    @Override
    public final void updateTime(String columnLabel, Time value) throws SQLException {
        throw unsupported("updatable result sets (updateTime)");
    }

    @Override
    public final void updateTimestamp(String columnLabel, Timestamp value) throws SQLException {
        throw unsupported("updatable result sets (updateTimestamp)");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, InputStream value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateAsciiStream)");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, InputStream value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateBinaryStream)");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, Reader value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateCharacterStream)");
    }

    @Override
    public final void updateObject(String columnLabel, Object value, int length) throws SQLException {
        throw unsupported("updatable result sets (updateObject)");
    }

    @Override
    public final void updateObject(String columnLabel, Object value) throws SQLException {
        throw unsupported("updatable result sets (updateObject)");
    }

    @Override
    public final void insertRow() throws SQLException {
        throw unsupported("updatable result sets (insertRow)");
    }

    @Override
    public final void updateRow() throws SQLException {
        throw unsupported("updatable result sets (updateRow)");
    }

    @Override
    public final void deleteRow() throws SQLException {
        throw unsupported("updatable result sets (deleteRow)");
    }

    @Override
    public final void refreshRow() throws SQLException {
        throw unsupported("updatable result sets (refreshRow)");
    }

    @Override
    public final void cancelRowUpdates() throws SQLException {
        throw unsupported("updatable result sets (cancelRowUpdates)");
    }

    @Override
    public final void moveToInsertRow() throws SQLException {
        throw unsupported("updatable result sets (moveToInsertRow)");
    }

    @Override
    public final void moveToCurrentRow() throws SQLException {
        throw unsupported("updatable result sets (moveToCurrentRow)");
    }

    @Override
    public final Object getObject(int columnIndex, Map<String, Class<?>> typeMap) throws SQLException {
        throw unsupported("type maps (getObject)");
    }

    @Override
    public final Ref getRef(int columnIndex) throws SQLException {
        throw unsupported("REF values (getRef)");
    }

    @Override
    public final Array getArray(int columnIndex) throws SQLException {
        throw unsupported("ARRAY values (getArray)");
    }

    @Override
    public final Object getObject(String columnLabel, Map<String, Class<?>> typeMap) throws SQLException {
        throw unsupported("type maps (getObject)");
    }

    @Override
    public final Ref getRef(String columnLabel) throws SQLException {
        throw unsupported("REF values (getRef)");
    }

    @Override
    public final Array getArray(String columnLabel) throws SQLException {
        throw unsupported("ARRAY values (getArray)");
    }

    @Override
    public final java.net.URL getURL(int columnIndex) throws SQLException {
        throw unsupported("DATALINK values (getURL)");
    }

    @Override
    public final java.net.URL getURL(String columnLabel) throws SQLException {
        throw unsupported("DATALINK values (getURL)");
    }

    @Override
    public final void updateRef(int columnIndex, Ref value) throws SQLException {
        throw unsupported("updatable result sets (updateRef)");
    }

    @Override
    public final void updateRef(String columnLabel, Ref value) throws SQLException {
        throw unsupported("updatable result sets (updateRef)");
    }

    @Override
    public final void updateBlob(int columnIndex, Blob value) throws SQLException {
        throw unsupported("updatable result sets (updateBlob)");
    }

    @Override
    public final void updateBlob(String columnLabel, Blob value) throws SQLException {
        throw unsupported("updatable result sets (updateBlob)");
    }

    @Override
    public final void updateClob(int columnIndex, Clob value) throws SQLException {
        throw unsupported("updatable result sets (updateClob)");
    }

    @Override
    public final void updateClob(String columnLabel, Clob value) throws SQLException {
        throw unsupported("updatable result sets (updateClob)");
    }

    @Override
    public final void updateArray(int columnIndex, Array value) throws SQLException {
        throw unsupported("updatable result sets (updateArray)");
    }

    @Override
    public final void updateArray(String columnLabel, Array value) throws SQLException {
        throw unsupported("updatable result sets (updateArray)");
    }

    @Override
    public final RowId getRowId(int columnIndex) throws SQLException {
        throw unsupported("ROWID values (getRowId)");
    }

    @Override
    public final RowId getRowId(String columnLabel) throws SQLException {
        throw unsupported("ROWID values (getRowId)");
    }

    @Override
    public final void updateRowId(int columnIndex, RowId value) throws SQLException {
        throw unsupported("updatable result sets (updateRowId)");
    }

    @Override
    public final void updateRowId(String columnLabel, RowId value) throws SQLException {
        throw unsupported("updatable result sets (updateRowId)");
    }

    @Override
    public final void updateNString(int columnIndex, String value) throws SQLException {
        throw unsupported("updatable result sets (updateNString)");
    }

    @Override
    public final void updateNString(String columnLabel, String value) throws SQLException {
        throw unsupported("updatable result sets (updateNString)");
    }

    @Override
    public final void updateNClob(int columnIndex, NClob value) throws SQLException {
        throw unsupported("updatable result sets (updateNClob)");
    }

    @Override
    public final void updateNClob(String columnLabel, NClob value) throws SQLException {
        throw unsupported("updatable result sets (updateNClob)");
    }

    @Override
    public final NClob getNClob(int columnIndex) throws SQLException {
        throw unsupported("NClob values (getNClob)");
    }

    @Override
    public final NClob getNClob(String columnLabel) throws SQLException {
        throw unsupported("NClob values (getNClob)");
    }

    @Override
    public final SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw unsupported("SQLXML values (getSQLXML)");
    }

    @Override
    public final SQLXML getSQLXML(String columnLabel) throws SQLException {
        throw unsupported("SQLXML values (getSQLXML)");
    }

    @Override
    public final void updateSQLXML(int columnIndex, SQLXML value) throws SQLException {
        throw unsupported("updatable result sets (updateSQLXML)");
    }

    @Override
    public final void updateSQLXML(String columnLabel, SQLXML value) throws SQLException {
        throw unsupported("updatable result sets (updateSQLXML)");
    }

    @Override
    public final void updateNCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateNCharacterStream)");
    }

    @Override
    public final void updateNCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateNCharacterStream)");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, InputStream value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateAsciiStream)");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, InputStream value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateBinaryStream)");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateCharacterStream)");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, InputStream value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateAsciiStream)");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, InputStream value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateBinaryStream)");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateCharacterStream)");
    }

    @Override
    public final void updateBlob(int columnIndex, InputStream value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateBlob)");
    }

    @Override
    public final void updateBlob(String columnLabel, InputStream value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateBlob)");
    }

    @Override
    public final void updateClob(int columnIndex, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateClob)");
    }

    @Override
    public final void updateClob(String columnLabel, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateClob)");
    }

    @Override
    public final void updateNClob(int columnIndex, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateNClob)");
    }

    @Override
    public final void updateNClob(String columnLabel, Reader value, long length) throws SQLException {
        throw unsupported("updatable result sets (updateNClob)");
    }

    @Override
    public final void updateNCharacterStream(int columnIndex, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateNCharacterStream)");
    }

    @Override
    public final void updateNCharacterStream(String columnLabel, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateNCharacterStream)");
    }

    @Override
    public final void updateAsciiStream(int columnIndex, InputStream value) throws SQLException {
        throw unsupported("updatable result sets (updateAsciiStream)");
    }

    @Override
    public final void updateBinaryStream(int columnIndex, InputStream value) throws SQLException {
        throw unsupported("updatable result sets (updateBinaryStream)");
    }

    @Override
    public final void updateCharacterStream(int columnIndex, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateCharacterStream)");
    }

    @Override
    public final void updateAsciiStream(String columnLabel, InputStream value) throws SQLException {
        throw unsupported("updatable result sets (updateAsciiStream)");
    }

    @Override
    public final void updateBinaryStream(String columnLabel, InputStream value) throws SQLException {
        throw unsupported("updatable result sets (updateBinaryStream)");
    }

    @Override
    public final void updateCharacterStream(String columnLabel, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateCharacterStream)");
    }

    @Override
    public final void updateBlob(int columnIndex, InputStream value) throws SQLException {
        throw unsupported("updatable result sets (updateBlob)");
    }

    @Override
    public final void updateBlob(String columnLabel, InputStream value) throws SQLException {
        throw unsupported("updatable result sets (updateBlob)");
    }

    @Override
    public final void updateClob(int columnIndex, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateClob)");
    }

    @Override
    public final void updateClob(String columnLabel, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateClob)");
    }

    @Override
    public final void updateNClob(int columnIndex, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateNClob)");
    }

    @Override
    public final void updateNClob(String columnLabel, Reader value) throws SQLException {
        throw unsupported("updatable result sets (updateNClob)");
    }
}
