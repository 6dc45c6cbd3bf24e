package io.dqlite.core.session;

import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Rows read one at a time from an open sqlite-jdbc result; closing hands its connection back. */
final class StreamingRows implements Rows {

    /** What to do once {@code rows} are closed; {@code healthy} is false if reading them failed. */
    interface Release {
        void release(StreamingRows rows, boolean healthy);
    }

    private final PreparedStatement statement;
    private final ResultSet results;
    private final RowTyping typing;
    private final Release release;
    private final ErrorTranslation errors;
    private final Object[] values;
    private final ValueType[] types;
    private boolean closed;
    private Deque<Object[]> bufferedValues;
    private Deque<ValueType[]> bufferedTypes;

    StreamingRows(PreparedStatement statement, ResultSet results, Release release, ErrorTranslation errors)
            throws SQLException {
        this.statement = statement;
        this.results = results;
        this.typing = RowTyping.of(results);
        this.release = release;
        this.errors = errors;
        this.values = new Object[typing.columns().size()];
        this.types = new ValueType[values.length];
    }

    @Override
    public List<String> columns() {
        return typing.columns();
    }

    /**
     * Reads every remaining row into memory and closes the statement, so that its connection can run
     * another statement while this result is still being read, as JDBC allows.
     */
    void bufferRemainder() throws SQLException {
        if (closed) {
            return;
        }
        Deque<Object[]> restValues = new ArrayDeque<>();
        Deque<ValueType[]> restTypes = new ArrayDeque<>();
        while (next()) {
            restValues.add(values.clone());
            restTypes.add(types.clone());
        }
        bufferedValues = restValues;
        bufferedTypes = restTypes;
    }

    @Override
    public boolean next() throws SQLException {
        if (bufferedValues != null) {
            Object[] rowValues = bufferedValues.poll();
            if (rowValues == null) {
                return false;
            }
            System.arraycopy(rowValues, 0, values, 0, values.length);
            System.arraycopy(bufferedTypes.poll(), 0, types, 0, types.length);
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            if (!results.next()) {
                finish(true);
                return false;
            }
            typing.read(results, values, types);
            return true;
        } catch (SQLException e) {
            finish(false);
            throw errors.translate(e);
        }
    }

    @Override
    public Object value(int index) {
        return values[index];
    }

    @Override
    public ValueType type(int index) {
        return types[index];
    }

    @Override
    public void close() {
        bufferedValues = null;
        finish(true);
    }

    private void finish(boolean healthy) {
        if (closed) {
            return;
        }
        closed = true;
        boolean closedCleanly = healthy;
        try {
            statement.close();
        } catch (SQLException e) {
            closedCleanly = false;
        }
        release.release(this, closedCleanly);
    }
}
