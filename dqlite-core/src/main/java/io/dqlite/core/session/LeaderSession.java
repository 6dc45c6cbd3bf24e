package io.dqlite.core.session;

import io.dqlite.core.session.SqlTokens.SqlStatement;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

/**
 * One client's conversation with a database on the leader, in-process: the session both the
 * embedded driver and the wire-protocol server use. Explicit transactions (BEGIN ... COMMIT) hold
 * the writer from their first statement to their end, so other sessions queue instead of failing
 * with {@code SQLITE_BUSY}; queries outside a transaction stream from a reader of their own once
 * the read barrier has passed.
 *
 * <p>A session is used by one thread at a time; {@link #interrupt()} and {@link #isValid(int)} may
 * be called from any thread.
 */
public final class LeaderSession implements Session {

    private static final Set<String> READ_ONLY_STARTS = Set.of("SELECT", "VALUES", "WITH");
    private static final Set<String> WRITING_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE");
    private static final int SQLITE_READONLY = 8;

    private final LeaderDatabase database;
    private final Map<Integer, String> prepared = new HashMap<>();
    private final Object interruptLock = new Object();
    private int nextStatementId;
    private boolean inTransaction;
    private boolean startedBySavepoint;
    private final Deque<String> savepoints = new ArrayDeque<>();
    private Statement running;
    private StreamingRows writerRows;
    private final Set<Rows> openRows = new HashSet<>();
    private volatile boolean closed;

    /** Opens a session on {@code database}. */
    public LeaderSession(LeaderDatabase database) {
        this.database = database;
    }

    @Override
    public String database() {
        return database.name();
    }

    /**
     * Checks and compiles the first statement of {@code sql}, keeping it under a new statement id.
     *
     * @throws StatementRefusedException if the statement would break replication
     */
    @Override
    public StatementHandle prepare(String sql) throws SQLException {
        SqlStatement statement = single(sql, "prepare");
        StatementGuard.check(statement.text());
        int parameters = inTransaction ? database.runHolding(connection -> parameterCount(connection, statement.text()))
                : onReader(reader -> parameterCount(reader, statement.text()));
        int id = nextStatementId++;
        prepared.put(id, statement.text());
        return new StatementHandle(id, parameters);
    }

    @Override
    public ExecResult exec(int statementId, List<Object> parameters) throws SQLException {
        return execSql(preparedSql(statementId), parameters);
    }

    @Override
    public Rows query(int statementId, List<Object> parameters) throws SQLException {
        return querySql(preparedSql(statementId), parameters);
    }

    @Override
    public void finalizeStatement(int statementId) throws SQLException {
        preparedSql(statementId);
        prepared.remove(statementId);
    }

    /** Executes every statement of {@code sql}; the parameters bind to the first statement that takes any. */
    @Override
    public ExecResult execSql(String sql, List<Object> parameters) throws SQLException {
        List<SqlStatement> statements = statements(sql);
        return run(statements, false, connection -> {
            long changes = 0;
            boolean bound = parameters.isEmpty();
            for (SqlStatement statement : statements) {
                try (PreparedStatement compiled = connection.prepareStatement(statement.text())) {
                    if (!bound && compiled.getParameterMetaData().getParameterCount() > 0) {
                        bind(compiled, parameters);
                        bound = true;
                    }
                    executeTracked(compiled);
                    track(statement);
                    changes = Math.max(0, compiled.getUpdateCount());
                }
            }
            if (!bound) {
                throw SqliteErrors.toException(SqliteErrors.SQLITE_RANGE, parameters.size()
                        + " parameters given to statements that take none");
            }
            return new ExecResult(lastInsertId(connection), changes);
        });
    }

    /** Runs the query {@code sql}: streamed from a reader outside a transaction, from the writer inside one. */
    @Override
    public Rows querySql(String sql, List<Object> parameters) throws SQLException {
        SqlStatement statement = single(sql, "query");
        List<SqlStatement> statements = List.of(statement);
        if (!inTransaction && readsOnly(statement)) {
            try {
                return streamFromReader(statement, parameters);
            } catch (SQLException e) {
                if ((e.getErrorCode() & 0xff) != SQLITE_READONLY) {
                    throw e;
                }
            }
        }
        if (inTransaction) {
            return run(statements, true, connection -> {
                writerRows = open(connection, statement.text(), parameters, (rows, healthy) -> { });
                track(statement);
                return writerRows;
            });
        }
        return run(statements, true, connection -> {
            try (PreparedStatement compiled = compile(connection, statement.text(), parameters);
                    ResultSet results = executeQueryTracked(compiled)) {
                track(statement);
                return MaterializedRows.read(results);
            }
        });
    }

    /** Stops the statement this session is running, if any; it fails with {@code SQLITE_INTERRUPT}. */
    @Override
    public void interrupt() throws SQLException {
        synchronized (interruptLock) {
            if (running != null) {
                running.cancel();
            }
        }
    }

    /** Tells whether this session still works on an open leader copy. */
    @Override
    public boolean isValid(int timeoutSeconds) {
        return !closed && !database.isBroken();
    }

    /** Tells whether an explicit transaction is open. */
    public boolean inTransaction() {
        return inTransaction;
    }

    /** Closes an open result, rolls back an open transaction and releases the writer. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        writerRows = null;
        for (Rows rows : List.copyOf(openRows)) {
            rows.close();
        }
        if (inTransaction) {
            try {
                database.runHolding(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("ROLLBACK");
                    }
                    return null;
                });
            } catch (SQLException e) {
                if (!database.isBroken()) {
                    throw SqliteFailures.translate(e);
                }
            } finally {
                endTransaction();
                database.release();
            }
        }
    }

    private Rows streamFromReader(SqlStatement statement, List<Object> parameters) throws SQLException {
        detachWriterRows();
        StatementGuard.check(statement.text());
        try {
            database.confirmLeadership();
            Connection reader = database.borrowReader();
            // open() hands the reader back itself if it fails
            return database.atReplicatedPoint(connection -> open(connection, statement.text(), parameters,
                    (rows, healthy) -> database.giveBackReader(reader, healthy)), reader);
        } catch (SQLException e) {
            throw SqliteFailures.translate(e);
        }
    }

    /** Starts {@code sql} on {@code connection} and returns its rows, which stay open until read or closed. */
    private StreamingRows open(Connection connection, String sql, List<Object> parameters, StreamingRows.Release release)
            throws SQLException {
        PreparedStatement compiled = compile(connection, sql, parameters);
        try {
            ResultSet results = executeQueryTracked(compiled);
            synchronized (interruptLock) {
                running = compiled;
            }
            StreamingRows rows = new StreamingRows(compiled, results, (closed, healthy) -> {
                synchronized (interruptLock) {
                    if (running == compiled) {
                        running = null;
                    }
                }
                openRows.remove(closed);
                release.release(closed, healthy);
            }, SqliteFailures::translate);
            openRows.add(rows);
            return rows;
        } catch (SQLException e) {
            compiled.close();
            release.release(null, false);
            throw e;
        }
    }

    private <T> T run(List<SqlStatement> statements, boolean read, SqlWork<T> work) throws SQLException {
        detachWriterRows();
        for (SqlStatement statement : statements) {
            StatementGuard.check(statement.text());
        }
        if (!inTransaction) {
            database.acquire();
        }
        try {
            if (read && !inTransaction) {
                database.confirmLeadership();
            }
            return database.runHolding(work);
        } catch (SQLException e) {
            if (database.isBroken()) {
                endTransaction();
            }
            throw SqliteFailures.translate(e);
        } finally {
            if (!inTransaction) {
                database.release();
            }
        }
    }

    private <T> T onReader(SqlWork<T> work) throws SQLException {
        Connection reader = database.borrowReader();
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw SqliteFailures.translate(e);
        } finally {
            database.giveBackReader(reader, true);
        }
    }

    private void executeTracked(PreparedStatement compiled) throws SQLException {
        synchronized (interruptLock) {
            running = compiled;
        }
        try {
            compiled.execute();
        } finally {
            synchronized (interruptLock) {
                running = null;
            }
        }
    }

    private ResultSet executeQueryTracked(PreparedStatement compiled) throws SQLException {
        synchronized (interruptLock) {
            running = compiled;
        }
        try {
            return compiled.executeQuery();
        } finally {
            synchronized (interruptLock) {
                running = null;
            }
        }
    }

    /** Moves a result still streaming from the writer into memory, so the writer can run the next statement. */
    private void detachWriterRows() throws SQLException {
        if (writerRows != null) {
            StreamingRows rows = writerRows;
            writerRows = null;
            rows.bufferRemainder();
        }
    }

    /**
     * Follows the transaction state through a statement that succeeded: BEGIN, COMMIT/END/ROLLBACK,
     * and savepoints, which open a transaction outside one and end it when the outermost is released.
     */
    private void track(SqlStatement statement) {
        List<String> tokens = statement.tokens();
        String first = statement.first();
        String last = tokens.get(tokens.size() - 1);
        boolean rollbackTo = first.equals("ROLLBACK") && tokens.contains("TO");
        if (first.equals("BEGIN")) {
            inTransaction = true;
        } else if (first.equals("SAVEPOINT") && tokens.size() > 1) {
            if (!inTransaction) {
                inTransaction = true;
                startedBySavepoint = true;
            }
            savepoints.push(last);
        } else if (first.equals("RELEASE") && tokens.size() > 1) {
            if (savepoints.contains(last)) {
                while (!savepoints.pop().equals(last)) {
                    // released with the named one
                }
            }
            if (savepoints.isEmpty() && startedBySavepoint) {
                endTransaction();
            }
        } else if (rollbackTo) {
            while (!savepoints.isEmpty() && !savepoints.peek().equals(last)) {
                savepoints.pop();
            }
        } else if (first.equals("COMMIT") || first.equals("END") || first.equals("ROLLBACK")) {
            endTransaction();
        }
    }

    private void endTransaction() {
        inTransaction = false;
        startedBySavepoint = false;
        savepoints.clear();
    }

    private String preparedSql(int id) throws SQLException {
        String sql = prepared.get(id);
        if (sql == null) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "no prepared statement with id " + id
                    + " in this session");
        }
        return sql;
    }

    private static boolean readsOnly(SqlStatement statement) {
        if (statement.first().equals("PRAGMA")) {
            return !statement.tokens().contains("=");
        }
        return READ_ONLY_STARTS.contains(statement.first())
                && statement.tokens().stream().noneMatch(WRITING_WORDS::contains);
    }

    private static List<SqlStatement> statements(String sql) throws SQLException {
        List<SqlStatement> statements = SqlTokens.split(sql);
        if (statements.isEmpty()) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "no SQL statement in \"" + sql + "\"");
        }
        return statements;
    }

    private static SqlStatement single(String sql, String what) throws SQLException {
        List<SqlStatement> statements = statements(sql);
        if (statements.size() > 1 && !what.equals("prepare")) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "cannot " + what + " several statements at"
                    + " once; send them one by one");
        }
        return statements.get(0);
    }

    private static int parameterCount(Connection connection, String sql) throws SQLException {
        try (PreparedStatement compiled = connection.prepareStatement(sql)) {
            return compiled.getParameterMetaData().getParameterCount();
        }
    }

    private static PreparedStatement compile(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement compiled = connection.prepareStatement(sql);
        try {
            bind(compiled, parameters);
        } catch (SQLException e) {
            compiled.close();
            throw e;
        }
        return compiled;
    }

    private static void bind(PreparedStatement compiled, List<Object> parameters) throws SQLException {
        int expected = compiled.getParameterMetaData().getParameterCount();
        if (parameters.size() != expected) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_RANGE, "the statement takes " + expected
                    + " parameters but " + parameters.size() + " were given");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            compiled.setObject(i + 1, value instanceof Boolean flag ? (flag ? 1L : 0L) : value);
        }
    }

    private static long lastInsertId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT last_insert_rowid()")) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
