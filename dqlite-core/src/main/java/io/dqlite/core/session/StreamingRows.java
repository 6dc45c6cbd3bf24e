package io.dqlite.core.session;

import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.ValueType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows read one at a time from an open sqlite-jdbc result; closing gives the statement back to its connection's
 * compiled statements, and then the connection back.
 */
final class StreamingRows implements Rows {

    /** What to do once {@code rows} are closed; {@code healthy} is false if reading them failed. */
    interface Release {
        void release(StreamingRows rows, boolean healthy);
    }

    private final CompiledStatements statements;
    private final String sql;
    private final PreparedStatement statement;
    private final ResultSet results;
    private final RowTyping typing;
    private final Release release;
    private final ErrorTranslation errors;
    private final Object[] values;
    private final ValueType[] types;
    private boolean closed;
    /** The rows read ahead of the caller, to free the connection for another statement; they come first. */
    private RowBuffer buffered;

    StreamingRows(CompiledStatements statements, String sql, PreparedStatement statement, ResultSet results,
            Release release, ErrorTranslation errors) throws SQLException {
        this.statements = statements;
        this.sql = sql;
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
     * Reads every remaining row into memory, at most {@code maxBytes} of them, and closes the statement, so that
     * its connection can run another statement while this result is still being read, as JDBC allows.
     *
     * @throws SQLException if the rest is larger: the rows read so far stay held and the rest stays with the
     *     statement, so the result still reads to its end
     */
    void bufferRemainder(long maxBytes) throws SQLException {
        if (buffered == null) {
            buffered = new RowBuffer(maxBytes);
        }
        Object[] rowValues = new Object[values.length];
        ValueType[] rowTypes = new ValueType[types.length];
        while (read(rowValues, rowTypes)) {
            if (!buffered.add(rowValues, rowTypes)) {
                throw buffered.tooLarge("statement not run: it needs the connection that a result still open in"
                        + " this transaction reads from, and the rows left in that result are", "read that result to"
                        + " its end or close it, then run the statement again; the transaction is still open");
            }
            rowValues = new Object[values.length];
            rowTypes = new ValueType[types.length];
        }
    }

    @Override
    public boolean next() throws SQLException {
        return buffered != null && buffered.poll(values, types) || read(values, types);
    }

    /** Reads the statement's next row into {@code rowValues} and {@code rowTypes}; returns false at the end. */
    private boolean read(Object[] rowValues, ValueType[] rowTypes) throws SQLException {
        if (closed) {
            return false;
        }
        try {
            if (!results.next()) {
                finish(true);
                return false;
            }
            typing.read(results, rowValues, rowTypes);
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
        buffered = null;
        finish(true);
    }

    private void finish(boolean healthy) {
        if (closed) {
            return;
        }
        closed = true;
        boolean closedCleanly = healthy;
        try {
            // closing the result resets the statement, which holds no read transaction from then on
            results.close();
        } catch (SQLException e) {
            closedCleanly = false;
        }
        statements.giveBack(sql, statement, closedCleanly);
        release.release(this, closedCleanly);
    }
}
