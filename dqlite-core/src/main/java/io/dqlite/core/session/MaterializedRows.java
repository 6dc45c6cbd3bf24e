package io.dqlite.core.session;

import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Rows read whole before they are returned: the result of a statement that writes, such as
 * {@code INSERT ... RETURNING}, which must finish before its commit is replicated.
 */
final class MaterializedRows implements Rows {

    private final List<String> columns;
    private final Iterator<Object[]> values;
    private final Iterator<ValueType[]> types;
    private Object[] currentValues;
    private ValueType[] currentTypes;

    private MaterializedRows(List<String> columns, List<Object[]> values, List<ValueType[]> types) {
        this.columns = columns;
        this.values = values.iterator();
        this.types = types.iterator();
    }

    /** Returns true: the statement ran to its end before its rows were read into memory. */
    @Override
    public boolean isComplete() {
        return true;
    }

    /** Reads every row of {@code results}. */
    static MaterializedRows read(ResultSet results) throws SQLException {
        RowTyping typing = RowTyping.of(results);
        List<Object[]> values = new ArrayList<>();
        List<ValueType[]> types = new ArrayList<>();
        while (results.next()) {
            Object[] rowValues = new Object[typing.columns().size()];
            ValueType[] rowTypes = new ValueType[rowValues.length];
            typing.read(results, rowValues, rowTypes);
            values.add(rowValues);
            types.add(rowTypes);
        }
        return new MaterializedRows(typing.columns(), values, types);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (!values.hasNext()) {
            return false;
        }
        currentValues = values.next();
        currentTypes = types.next();
        return true;
    }

    @Override
    public Object value(int index) {
        return currentValues[index];
    }

    @Override
    public ValueType type(int index) {
        return currentTypes[index];
    }

    @Override
    public void close() {
        while (values.hasNext()) {
            values.next();
            types.next();
        }
    }
}
