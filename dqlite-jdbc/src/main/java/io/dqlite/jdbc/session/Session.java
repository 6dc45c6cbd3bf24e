package io.dqlite.jdbc.session;

import java.sql.SQLException;
import java.util.List;

/**
 * A conversation with one database on the cluster's leader, beneath the JDBC classes: either
 * in-process on the leader or over the dqlite wire protocol, with the same results and errors.
 *
 * <p>Parameters and values are {@code null}, {@link Long}, {@link Double}, {@link String},
 * {@code byte[]} or {@link Boolean}; parameters may also be other {@link Number}s. A session is used
 * by one thread at a time, except {@link #interrupt()} and {@link #isValid(int)}, which any thread may
 * call. Failures are {@link SQLException}s whose vendor code is SQLite's extended result code.
 */
public interface Session extends AutoCloseable {

    /** Returns the name of the database this session works on. */
    String database();

    /** Compiles the first statement of {@code sql} and keeps it until {@link #finalizeStatement(int)}. */
    StatementHandle prepare(String sql) throws SQLException;

    /** Executes the prepared statement {@code statementId} with {@code parameters}. */
    ExecResult exec(int statementId, List<Object> parameters) throws SQLException;

    /** Runs the prepared query {@code statementId}; the rows arrive as they are read. */
    Rows query(int statementId, List<Object> parameters) throws SQLException;

    /** Releases the prepared statement {@code statementId}. */
    void finalizeStatement(int statementId) throws SQLException;

    /** Executes every statement in {@code sql}; parameters bind to the first one that has any. */
    ExecResult execSql(String sql, List<Object> parameters) throws SQLException;

    /** Runs the query {@code sql}; the rows arrive as they are read. */
    Rows querySql(String sql, List<Object> parameters) throws SQLException;

    /**
     * Called before a statement that starts outside any transaction: a session over a connection that the node
     * may close while it sits idle opens a new one if the node did, so that the statement does not fail for it.
     * Does nothing by default.
     */
    default void reopenIfClosedWhileIdle() throws SQLException {
    }

    /** Stops the statement or query running on this session, from any thread; the running call fails. */
    void interrupt() throws SQLException;

    /** Tells, from any thread, whether the session still reaches the leader within {@code timeoutSeconds}. */
    boolean isValid(int timeoutSeconds);

    /** Ends the session; an open transaction is rolled back. */
    @Override
    void close() throws SQLException;
}
