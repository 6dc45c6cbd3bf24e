package io.dqlite.core.session;

import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows read whole before they are returned: the result of a statement that writes, such as
 * {@code INSERT ... RETURNING}, which must finish before its commit is replicated.
 */
final class MaterializedRows implements Rows {

    private final List<String> columns;
    private final RowBuffer rows;
    private final Object[] currentValues;
    private final ValueType[] currentTypes;

    private MaterializedRows(List<String> columns, RowBuffer rows) {
        this.columns = columns;
        this.rows = rows;
        this.currentValues = new Object[columns.size()];
        this.currentTypes = new ValueType[columns.size()];
    }

    /** Returns true: the statement ran to its end before its rows were read into memory. */
    @Override
    public boolean isComplete() {
        return true;
    }

    /**
     * Reads every row of {@code results}, the rows of a write.
     *
     * @throws SQLException if they are more than {@code maxBytes}
     */
    static MaterializedRows read(ResultSet results, long maxBytes) throws SQLException {
        RowTyping typing = RowTyping.of(results);
        RowBuffer rows = new RowBuffer(maxBytes);
        while (results.next()) {
            Object[] rowValues = new Object[typing.columns().size()];
            ValueType[] rowTypes = new ValueType[rowValues.length];
            typing.read(results, rowValues, rowTypes);
            if (!rows.add(rowValues, rowTypes)) {
                throw rows.tooLarge("the rows of a statement that writes are held until its commit is replicated,"
                        + " and this one's are", "nothing of it was committed; return fewer or smaller rows");
            }
        }
        return new MaterializedRows(typing.columns(), rows);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        return rows.poll(currentValues, currentTypes);
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
        while (rows.poll(currentValues, currentTypes)) {
            // discarded
        }
    }
}
