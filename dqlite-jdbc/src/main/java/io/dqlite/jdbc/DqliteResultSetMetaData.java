package io.dqlite.jdbc;

import io.dqlite.jdbc.session.ValueType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The columns of a {@link DqliteResultSet}. SQLite is dynamically typed and the session carries no
 * declared types, so a column's type is the type of its value in the first row (read ahead if the
 * result has not been read yet); a column whose first value is NULL, or a result with no rows,
 * reports {@link Types#NULL}. The JDBC type matches the class {@code getObject} returns.
 */
public final class DqliteResultSetMetaData implements ResultSetMetaData {

    private final DqliteResultSet resultSet;

    /** Creates the metadata of {@code resultSet}. */
    DqliteResultSetMetaData(DqliteResultSet resultSet) {
        this.resultSet = resultSet;
    }

    private ValueType type(int column) throws SQLException {
        check(column);
        ValueType[] types = resultSet.firstRowTypes();
        return types == null ? ValueType.NULL : types[column - 1];
    }

    private void check(int column) throws SQLException {
        int count = resultSet.columnNames().size();
        if (column < 1 || column > count) {
            throw new SQLException("Column index " + column + " is out of range: the result has " + count
                    + " columns", "07009");
        }
    }

    @Override
    public int getColumnCount() {
        return resultSet.columnNames().size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        ValueType type = type(column);
        return type == ValueType.TEXT || type == ValueType.ISO8601;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        check(column);
        return ResultSetMetaData.columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        ValueType type = type(column);
        return type == ValueType.INTEGER || type == ValueType.FLOAT || type == ValueType.UNIXTIME;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return switch (type(column)) {
            case INTEGER, UNIXTIME -> 20;
            case FLOAT -> 25;
            case BOOLEAN -> 5;
            case NULL -> 4;
            default -> Integer.MAX_VALUE;
        };
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        check(column);
        return resultSet.columnNames().get(column - 1);
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return getColumnLabel(column);
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return switch (type(column)) {
            case INTEGER, UNIXTIME -> 19;
            case FLOAT -> 15;
            case BOOLEAN -> 1;
            case NULL -> 0;
            default -> Integer.MAX_VALUE;
        };
    }

    @Override
    public int getScale(int column) throws SQLException {
        check(column);
        return 0;
    }

    @Override
    public String getTableName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return switch (type(column)) {
            case INTEGER, UNIXTIME -> Types.BIGINT;
            case FLOAT -> Types.DOUBLE;
            case TEXT, ISO8601 -> Types.VARCHAR;
            case BLOB -> Types.BLOB;
            case BOOLEAN -> Types.BOOLEAN;
            case NULL -> Types.NULL;
        };
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return switch (type(column)) {
            case INTEGER, UNIXTIME -> "INTEGER";
            case FLOAT -> "REAL";
            case TEXT, ISO8601 -> "TEXT";
            case BLOB -> "BLOB";
            case BOOLEAN -> "BOOLEAN";
            case NULL -> "NULL";
        };
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return switch (type(column)) {
            case INTEGER, UNIXTIME -> Long.class.getName();
            case FLOAT -> Double.class.getName();
            case TEXT, ISO8601 -> String.class.getName();
            case BLOB -> byte[].class.getName();
            case BOOLEAN -> Boolean.class.getName();
            case NULL -> Object.class.getName();
        };
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("dqlite result set metadata does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
