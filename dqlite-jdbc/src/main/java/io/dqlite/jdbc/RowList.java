package io.dqlite.jdbc;

import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.util.List;

/**
 * Rows held in memory, for the small results the driver makes itself: generated keys and the
 * answers of {@link DqliteDatabaseMetaData} that need more than one query.
 */
final class RowList implements Rows {

    private final List<String> columns;
    private final List<Object[]> rows;
    private int current = -1;

    RowList(List<String> columns, List<Object[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (current < rows.size()) {
            current++;
        }
        return current < rows.size();
    }

    @Override
    public Object value(int index) {
        return rows.get(current)[index];
    }

    @Override
    public ValueType type(int index) {
        Object value = value(index);
        if (value == null) {
            return ValueType.NULL;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
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
    public void close() {
        current = rows.size();
    }
}
