package io.dqlite.jdbc;

import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import io.dqlite.jdbc.session.ValueType;
import io.dqlite.jdbc.sql.LexedStatement;
import io.dqlite.jdbc.sql.SqlLexer;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A connection's session that remembers the failure that ended it (a leader change, a lost
 * connection, or a commit of unknown outcome): a leader change or lost connection is reported as
 * {@link TransactionEndedException} when the connection had a transaction open, and every later call
 * fails with SQLState {@code 08003} so that a pool replaces the connection, while rolling back the
 * ended transaction succeeds.
 */
final class EndAwareSession implements Session {

    private final Session session;
    private final BooleanSupplier transactionOpen;
    private volatile SQLException ended;
    /** The text of each prepared statement, to tell whether a statement could have committed. */
    private final Map<Integer, String> preparedSql = new HashMap<>();

    /** Watches {@code session}; {@code transactionOpen} tells whether the connection has autocommit off. */
    EndAwareSession(Session session, BooleanSupplier transactionOpen) {
        this.session = session;
        this.transactionOpen = transactionOpen;
    }

    /** Tells whether a leader change or a lost connection ended this session. */
    boolean ended() {
        return ended != null;
    }

    /** Fails, saying why, if this session ended. */
    void requireNotEnded() throws SQLException {
        SQLException cause = ended;
        if (cause != null) {
            throw new SQLNonTransientConnectionException("this connection's session ended (" + cause.getMessage()
                    + "); open a new connection", "08003", cause.getErrorCode(), cause);
        }
    }

    @Override
    public String database() {
        return session.database();
    }

    @Override
    public void reopenIfClosedWhileIdle() throws SQLException {
        requireNotEnded();
        try {
            session.reopenIfClosedWhileIdle();
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        }
    }

    @Override
    public StatementHandle prepare(String sql) throws SQLException {
        requireNotEnded();
        try {
            StatementHandle handle = session.prepare(sql);
            preparedSql.put(handle.id(), sql);
            return handle;
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        } catch (CommitOutcomeUnknownException e) {
            throw unknown(e, sql);
        }
    }

    @Override
    public ExecResult exec(int statementId, List<Object> parameters) throws SQLException {
        requireNotEnded();
        try {
            return session.exec(statementId, parameters);
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        } catch (CommitOutcomeUnknownException e) {
            throw unknown(e, preparedSql.get(statementId));
        }
    }

    @Override
    public Rows query(int statementId, List<Object> parameters) throws SQLException {
        requireNotEnded();
        try {
            return new EndAwareRows(session.query(statementId, parameters), preparedSql.get(statementId));
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        } catch (CommitOutcomeUnknownException e) {
            throw unknown(e, preparedSql.get(statementId));
        }
    }

    @Override
    public void finalizeStatement(int statementId) throws SQLException {
        if (ended()) {
            // the statement ended with the session
            return;
        }
        preparedSql.remove(statementId);
        try {
            session.finalizeStatement(statementId);
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        } catch (CommitOutcomeUnknownException e) {
            throw unknown(e, null);
        }
    }

    @Override
    public ExecResult execSql(String sql, List<Object> parameters) throws SQLException {
        requireNotEnded();
        try {
            return session.execSql(sql, parameters);
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        } catch (CommitOutcomeUnknownException e) {
            throw unknown(e, sql);
        }
    }

    @Override
    public Rows querySql(String sql, List<Object> parameters) throws SQLException {
        requireNotEnded();
        try {
            return new EndAwareRows(session.querySql(sql, parameters), sql);
        } catch (SQLTransientConnectionException e) {
            throw end(e);
        } catch (CommitOutcomeUnknownException e) {
            throw unknown(e, sql);
        }
    }

    @Override
    public void interrupt() throws SQLException {
        if (!ended()) {
            session.interrupt();
        }
    }

    @Override
    public boolean isValid(int timeoutSeconds) {
        return !ended() && session.isValid(timeoutSeconds);
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }

    /** Rows whose reading can meet the failure that ends the session, as any call can. */
    private final class EndAwareRows implements Rows {

        private final Rows rows;
        private final String sql;

        EndAwareRows(Rows rows, String sql) {
            this.rows = rows;
            this.sql = sql;
        }

        @Override
        public List<String> columns() {
            return rows.columns();
        }

        @Override
        public boolean next() throws SQLException {
            try {
                return rows.next();
            } catch (SQLTransientConnectionException e) {
                throw end(e);
            } catch (CommitOutcomeUnknownException e) {
                throw unknown(e, sql);
            }
        }

        @Override
        public Object value(int index) {
            return rows.value(index);
        }

        @Override
        public ValueType type(int index) {
            return rows.type(index);
        }

        @Override
        public boolean isComplete() {
            return rows.isComplete();
        }

        @Override
        public void close() throws SQLException {
            if (ended()) {
                try {
                    rows.close();
                } catch (SQLException e) {
                    // the rows ended with the session
                }
                return;
            }
            try {
                rows.close();
            } catch (SQLTransientConnectionException e) {
                throw end(e);
            }
        }
    }

    /**
     * A connection lost in an open transaction ended it: if the statement could not commit it
     * ({@code sql} is no COMMIT or END), nothing of it was committed, whatever the transport could
     * not tell; a COMMIT's outcome stays unknown. Either way the session is over, its rollback must
     * succeed and the connection be replaced after it. Outside a transaction the session stays: its
     * next call tells whether it still works.
     */
    private SQLException unknown(CommitOutcomeUnknownException failure, String sql) {
        if (!transactionOpen.getAsBoolean()) {
            return failure;
        }
        ended = failure;
        if (sql != null && !mayCommit(sql)) {
            // the transport's own failure is the cause: the outcome is not in doubt, so no CommitOutcomeUnknownException
            Throwable transport = failure.getCause();
            SQLException cause = transport instanceof SQLException sqlException ? sqlException
                    : new SQLTransientConnectionException(failure.getMessage(), "08006", failure.getErrorCode(), transport);
            return new TransactionEndedException("the connection to the leader was lost during a statement of an open"
                    + " transaction, so the transaction ended and nothing of it was committed: " + cause.getMessage(), cause);
        }
        return failure;
    }

    private static boolean mayCommit(String sql) {
        return SqlLexer.statements(sql).stream().map(LexedStatement::first)
                .anyMatch(first -> first.equalsIgnoreCase("COMMIT") || first.equalsIgnoreCase("END"));
    }

    private SQLTransientConnectionException end(SQLTransientConnectionException failure) {
        ended = failure;
        return transactionOpen.getAsBoolean() ? new TransactionEndedException(failure) : failure;
    }
}
