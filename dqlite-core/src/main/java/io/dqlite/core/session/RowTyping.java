package io.dqlite.core.session;

import io.dqlite.jdbc.session.ValueType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the values of a sqlite-jdbc row as the dqlite wire types them: SQLite's storage class,
 * refined by the column's declared type the way dqlite does (DATETIME, DATE and TIMESTAMP columns
 * give ISO8601 text or UNIXTIME integers, BOOLEAN columns give booleans).
 */
final class RowTyping {

    private enum Declared { PLAIN, TEMPORAL, BOOLEAN }

    private final List<String> columns;
    private final Declared[] declared;

    private RowTyping(List<String> columns, Declared[] declared) {
        this.columns = columns;
        this.declared = declared;
    }

    /** Reads the column names and declared types of {@code rows}. */
    static RowTyping of(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        Declared[] declared = new Declared[count];
        for (int i = 0; i < count; i++) {
            columns.add(meta.getColumnLabel(i + 1));
            declared[i] = declared(meta.getColumnTypeName(i + 1));
        }
        return new RowTyping(List.copyOf(columns), declared);
    }

    List<String> columns() {
        return columns;
    }

    /** Reads the current row of {@code rows} into {@code values} and {@code types}. */
    void read(ResultSet rows, Object[] values, ValueType[] types) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = rows.getObject(i + 1);
            ValueType type;
            if (value == null) {
                type = ValueType.NULL;
            } else if (value instanceof Integer || value instanceof Long) {
                value = ((Number) value).longValue();
                type = declared[i] == Declared.BOOLEAN ? ValueType.BOOLEAN
                        : declared[i] == Declared.TEMPORAL ? ValueType.UNIXTIME : ValueType.INTEGER;
                if (type == ValueType.BOOLEAN) {
                    value = (Long) value != 0;
                }
            } else if (value instanceof Double || value instanceof Float) {
                value = ((Number) value).doubleValue();
                type = ValueType.FLOAT;
            } else if (value instanceof byte[]) {
                type = ValueType.BLOB;
            } else {
                value = value.toString();
                type = declared[i] == Declared.TEMPORAL ? ValueType.ISO8601 : ValueType.TEXT;
            }
            values[i] = value;
            types[i] = type;
        }
    }

    private static Declared declared(String typeName) {
        if (typeName == null) {
            return Declared.PLAIN;
        }
        switch (typeName.toUpperCase(Locale.ROOT)) {
            case "DATETIME":
            case "DATE":
            case "TIMESTAMP":
                return Declared.TEMPORAL;
            case "BOOLEAN":
                return Declared.BOOLEAN;
            default:
                return Declared.PLAIN;
        }
    }
}
