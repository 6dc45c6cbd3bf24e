package io.dqlite.core.session;

import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.sql.LexedStatement;
import io.dqlite.jdbc.sql.SqlLexer;
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

    private static final Set<String> WRITING_STARTS = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP",
            "ALTER", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM", "REINDEX", "ANALYZE");
    /** Writes that return rows, which {@link #readWhole} runs in a savepoint of this name. */
    private static final Set<String> RETURNING_WRITES = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "WITH");
    private static final String ROWS_SAVEPOINT = "dqlite_rows";
    private static final String LAST_INSERT_ID = "SELECT last_insert_rowid()";
    private static final int MAX_PREPARED_STATEMENTS = 10_000;
    private static final int SQLITE_READONLY = 8;

    private final LeaderDatabase database;
    /** The statements prepared in this session, lexed and checked once, by statement id. */
    private final Map<Integer, LexedStatement> prepared = new HashMap<>();
    private final SessionPragmas pragmas = new SessionPragmas();
    private final StatementTimer timer;
    private final Object interruptLock = new Object();
    private int nextStatementId;
    private boolean inTransaction;
    private boolean startedBySavepoint;
    private boolean leadershipConfirmedInTransaction;
    private final Deque<String> savepoints = new ArrayDeque<>();
    private Statement running;
    private StreamingRows writerRows;
    private final Set<Rows> openRows = new HashSet<>();
    private volatile boolean closed;

    /** Opens a session on {@code database}. */
    public LeaderSession(LeaderDatabase database) {
        this.database = database;
        this.timer = new StatementTimer(database.statementTimeout());
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
    public synchronized StatementHandle prepare(String sql) throws SQLException {
        LexedStatement statement = single(sql, "prepare");
        if (prepared.size() >= MAX_PREPARED_STATEMENTS) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "this session holds "
                    + MAX_PREPARED_STATEMENTS + " prepared statements; finalize some before preparing more");
        }
        int parameters = inTransaction ? database.runHolding(connection -> parameterCount(connection, statement.text()))
                : onReader(reader -> parameterCount(reader, statement.text()));
        int id = nextStatementId++;
        prepared.put(id, statement);
        return new StatementHandle(id, parameters);
    }

    @Override
    public synchronized ExecResult exec(int statementId, List<Object> parameters) throws SQLException {
        return execStatements(List.of(preparedStatement(statementId)), parameters);
    }

    @Override
    public synchronized Rows query(int statementId, List<Object> parameters) throws SQLException {
        return queryStatement(preparedStatement(statementId), parameters);
    }

    @Override
    public synchronized void finalizeStatement(int statementId) throws SQLException {
        preparedStatement(statementId);
        prepared.remove(statementId);
    }

    /** Executes every statement of {@code sql}; the parameters bind to the first statement that takes any. */
    @Override
    public synchronized ExecResult execSql(String sql, List<Object> parameters) throws SQLException {
        return execStatements(statements(sql), parameters);
    }

    private ExecResult execStatements(List<LexedStatement> statements, List<Object> parameters) throws SQLException {
        return run(statements, false, connection -> {
            CompiledStatements compiledStatements = database.writerStatements();
            long changes = 0;
            boolean bound = parameters.isEmpty();
            int committed = 0;
            try {
                for (LexedStatement statement : statements) {
                    PreparedStatement compiled = compiledStatements.take(statement.text());
                    boolean finished = false;
                    try {
                        if (!bound && compiled.getParameterMetaData().getParameterCount() > 0) {
                            bind(compiled, parameters);
                            bound = true;
                        }
                        finished = !interruptible(compiled, compiled::execute);
                        track(statement);
                        changes = Math.max(0, compiled.getUpdateCount());
                    } finally {
                        compiledStatements.giveBack(statement.text(), compiled, finished);
                    }
                    committed = inTransaction ? committed : committed + 1;
                }
                if (!bound) {
                    throw SqliteErrors.toException(SqliteErrors.SQLITE_RANGE, parameters.size()
                            + " parameters given to statements that take none");
                }
            } catch (SQLException e) {
                throw committed == 0 ? e : afterCommits(e, committed, statements.size());
            }
            return new ExecResult(lastInsertId(compiledStatements), changes);
        });
    }

    /**
     * Returns {@code failure} with a message that says how many statements of the string committed
     * before it, since they stay committed: running the whole string again would repeat them.
     */
    private static SQLException afterCommits(SQLException failure, int committed, int statements) {
        SQLException translated = SqliteFailures.translate(failure);
        SQLException said = SqliteErrors.toException(translated.getErrorCode(), SqliteFailures.message(translated)
                + " (" + committed + " earlier statement" + (committed == 1 ? "" : "s") + " of the " + statements
                + " in this string committed before the failure and stay committed; running the whole string again"
                + " would repeat them)");
        said.initCause(failure);
        return said;
    }

    /** Runs the query {@code sql}: streamed from a reader outside a transaction, from the writer inside one. */
    @Override
    public synchronized Rows querySql(String sql, List<Object> parameters) throws SQLException {
        return queryStatement(single(sql, "query"), parameters);
    }

    private Rows queryStatement(LexedStatement statement, List<Object> parameters) throws SQLException {
        List<LexedStatement> statements = List.of(statement);
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
                writerRows = open(database.writerStatements(), statement.text(), parameters, (rows, healthy) -> { });
                track(statement);
                return writerRows;
            });
        }
        return run(statements, true, connection -> readWhole(connection, statement, parameters));
    }

    /**
     * Runs a statement that writes, outside a transaction, and reads its rows before its commit; a write that
     * returns rows (RETURNING) runs in a savepoint, so that rows too many to hold undo it rather than fail it
     * after it committed (a statement closed early still commits the changes it made).
     */
    private MaterializedRows readWhole(Connection connection, LexedStatement statement, List<Object> parameters)
            throws SQLException {
        boolean undoable = RETURNING_WRITES.contains(statement.first());
        if (undoable) {
            executeOn(connection, "SAVEPOINT " + ROWS_SAVEPOINT);
        }
        try {
            MaterializedRows rows;
            try (PreparedStatement compiled = compile(connection, statement.text(), parameters)) {
                rows = interruptible(compiled, () -> {
                    try (ResultSet results = compiled.executeQuery()) {
                        track(statement);
                        return MaterializedRows.read(results, database.maxBufferedResultBytes());
                    }
                });
            }
            if (undoable) {
                executeOn(connection, "RELEASE " + ROWS_SAVEPOINT);
            }
            return rows;
        } catch (SQLException e) {
            if (undoable) {
                undoSavepoint(connection);
            }
            throw e;
        }
    }

    /** Rolls back and ends the savepoint of {@link #readWhole}, which a failure may have ended already. */
    private static void undoSavepoint(Connection connection) {
        for (String sql : List.of("ROLLBACK TO " + ROWS_SAVEPOINT, "RELEASE " + ROWS_SAVEPOINT)) {
            try {
                executeOn(connection, sql);
            } catch (SQLException e) {
                // the failure rolled the whole transaction back, savepoint and all
            }
        }
    }

    private static void executeOn(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
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
    public synchronized void close() throws SQLException {
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

    private Rows streamFromReader(LexedStatement statement, List<Object> parameters) throws SQLException {
        detachWriterRows();
        try {
            database.confirmLeadership();
            Connection lent = database.borrowReaderAtReplicatedPoint();
            // open() hands the reader back itself if it fails
            return open(database.readerStatements(lent), statement.text(), parameters,
                    (rows, healthy) -> database.giveBackReader(lent, healthy));
        } catch (SQLException e) {
            throw SqliteFailures.translate(e);
        }
    }

    /** Starts {@code sql}, compiled or kept by {@code statements}, and returns its rows, open until read or closed. */
    private StreamingRows open(CompiledStatements statements, String sql, List<Object> parameters,
            StreamingRows.Release release) throws SQLException {
        PreparedStatement compiled;
        try {
            compiled = statements.take(sql);
        } catch (SQLException e) {
            release.release(null, true);
            throw e;
        }
        try {
            bind(compiled, parameters);
        } catch (SQLException e) {
            statements.giveBack(sql, compiled, false);
            release.release(null, true);
            throw e;
        }
        try {
            ResultSet results = interruptible(compiled, compiled::executeQuery);
            synchronized (interruptLock) {
                running = compiled;
            }
            StreamingRows rows = new StreamingRows(statements, sql, compiled, results, (closed, healthy) -> {
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
            statements.giveBack(sql, compiled, false);
            release.release(null, false);
            throw e;
        }
    }

    private <T> T run(List<LexedStatement> statements, boolean read, SqlWork<T> work) throws SQLException {
        detachWriterRows();
        // autocommit work joins a group commit; work that opens a transaction takes the writer for it
        boolean grouped = !inTransaction && statements.stream().noneMatch(LeaderSession::opensTransaction);
        if (!inTransaction && !grouped) {
            database.acquire();
        }
        try {
            if (read && !leadershipConfirmedInTransaction) {
                // a transaction reads one snapshot: confirming before its first read covers the rest
                database.confirmLeadership();
                leadershipConfirmedInTransaction = inTransaction;
            }
            SqlWork<T> withPragmas = connection -> runWithSessionPragmas(statements, work, connection);
            return grouped ? database.execute(withPragmas) : database.runHolding(withPragmas);
        } catch (SQLException e) {
            if (database.isBroken()) {
                endTransaction();
            } else if (inTransaction) {
                followRollbackBySqlite();
            }
            throw SqliteFailures.translate(e);
        } finally {
            if (!grouped && !inTransaction) {
                database.release();
            }
        }
    }

    /** Tells whether {@code statement} can leave a transaction open: BEGIN, or SAVEPOINT outside one. */
    private static boolean opensTransaction(LexedStatement statement) {
        return statement.first().equals("BEGIN") || statement.first().equals("SAVEPOINT");
    }

    /** Runs {@code work} with this session's pragmas in place; the writer gets the defaults back when it is let go. */
    private <T> T runWithSessionPragmas(List<LexedStatement> statements, SqlWork<T> work, Connection connection)
            throws SQLException {
        pragmas.applyTo(connection);
        boolean completed = false;
        try {
            T result = work.run(connection);
            pragmas.rememberSetBy(statements, connection);
            completed = true;
            return result;
        } finally {
            if (!inTransaction) {
                try {
                    pragmas.resetOn(connection);
                } catch (SQLException e) {
                    if (completed) {
                        throw e;
                    }
                }
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

    /** A call on a compiled statement. */
    private interface StatementCall<T> {
        T call() throws SQLException;
    }

    /**
     * Runs {@code call} with {@code compiled} as the statement {@link #interrupt()} stops, and
     * cancels it if it runs longer than the statement timeout.
     */
    private <T> T interruptible(PreparedStatement compiled, StatementCall<T> call) throws SQLException {
        synchronized (interruptLock) {
            running = compiled;
        }
        StatementTimer.Deadline deadline = timer.start(compiled);
        try {
            return call.call();
        } catch (SQLException e) {
            if (deadline.passed()) {
                SQLException timedOut = SqliteErrors.toException(SqliteErrors.SQLITE_INTERRUPT, "interrupted: the"
                        + " statement ran longer than the node's statement timeout of " + timer.limit().toMillis()
                        + " ms");
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            deadline.stop();
            synchronized (interruptLock) {
                running = null;
            }
        }
    }

    /** Moves a result still streaming from the writer into memory, so the writer can run the next statement. */
    private void detachWriterRows() throws SQLException {
        if (writerRows != null) {
            // a result too large to hold stays attached: it still reads to its end, and the statement is not run
            writerRows.bufferRemainder(database.maxBufferedResultBytes());
            writerRows = null;
        }
    }

    /**
     * Follows the transaction state through a statement that succeeded: BEGIN, COMMIT/END/ROLLBACK,
     * and savepoints, which open a transaction outside one and end it when the outermost is released.
     */
    private void track(LexedStatement statement) {
        List<String> tokens = statement.names();
        String first = tokens.get(0);
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

    /**
     * After a failure inside a transaction, asks SQLite whether the transaction survived: an
     * interrupt, {@code INSERT OR ROLLBACK}, {@code RAISE(ROLLBACK)} or a full disk roll it back
     * without any statement saying so. A BEGIN fails only inside a transaction; if it succeeds, it
     * is rolled back at once and the session's transaction is over.
     */
    private void followRollbackBySqlite() {
        try {
            boolean survived = database.runHolding(connection -> {
                try (Statement probe = connection.createStatement()) {
                    probe.execute("BEGIN");
                } catch (SQLException insideTransaction) {
                    return true;
                }
                try (Statement rollback = connection.createStatement()) {
                    rollback.execute("ROLLBACK");
                }
                return false;
            });
            if (!survived) {
                endTransaction();
            }
        } catch (SQLException e) {
            endTransaction();
        }
    }

    private void endTransaction() {
        inTransaction = false;
        startedBySavepoint = false;
        leadershipConfirmedInTransaction = false;
        savepoints.clear();
    }

    private LexedStatement preparedStatement(int id) throws SQLException {
        LexedStatement statement = prepared.get(id);
        if (statement == null) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "no prepared statement with id " + id
                    + " in this session");
        }
        return statement;
    }

    /**
     * Tells whether a query may be tried on a reader: anything but a statement that writes by its
     * first word, a PRAGMA that sets something, or one of the session's own pragmas. A writing query
     * that slips through fails there with SQLITE_READONLY and runs on the writer instead.
     */
    private static boolean readsOnly(LexedStatement statement) {
        if (statement.first().equals("PRAGMA")) {
            // a pragma the session keeps for itself reads the session's value, which only the writer has
            return !statement.tokens().contains("=") && statement.names().stream()
                    .noneMatch(SessionPragmas::isKept);
        }
        return !WRITING_STARTS.contains(statement.first());
    }

    /** Lexes {@code sql} and checks each of its statements ({@link StatementGuard}), before any of them runs. */
    private static List<LexedStatement> statements(String sql) throws SQLException {
        List<LexedStatement> statements = SqlLexer.statements(sql);
        if (statements.isEmpty()) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "no SQL statement in \"" + sql + "\"");
        }
        for (LexedStatement statement : statements) {
            if (statement.isUnfinishedTrigger()) {
                // SQLite would compile the trigger and silently drop whatever follows it
                throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "CREATE TRIGGER has no END that closes"
                        + " its body: \"" + statement.text() + "\"");
            }
        }
        for (LexedStatement statement : statements) {
            StatementGuard.check(statement);
        }
        return statements;
    }

    private static LexedStatement single(String sql, String what) throws SQLException {
        List<LexedStatement> statements = statements(sql);
        if (statements.size() > 1) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "cannot " + what + " several statements at"
                    + " once; send them one by one");
        }
        return statements.get(0);
    }

    private static int parameterCount(Connection connection, String sql) throws SQLException {
        try (PreparedStatement compiled = WholeStatement.prepare(connection, sql)) {
            return compiled.getParameterMetaData().getParameterCount();
        }
    }

    private static PreparedStatement compile(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement compiled = WholeStatement.prepare(connection, sql);
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

    private static long lastInsertId(CompiledStatements compiledStatements) throws SQLException {
        return compiledStatements.run(LAST_INSERT_ID, compiled -> {
            try (ResultSet row = compiled.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }
}
