package io.dqlite.jdbc.client;

import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.ReadOnlySql;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolException;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import io.dqlite.jdbc.protocol.RowsCursor;
import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A session on one database of the leader over the dqlite wire protocol. A statement that is
 * interrupted answers EMPTY instead of its result, or, if the node reads the INTERRUPT only after
 * the statement ended, the INTERRUPT gets its own EMPTY, which is drained before the next call.
 * A connection the node closed while it sat idle is replaced before the next statement that starts
 * outside a transaction, when the session held nothing on it ({@link #reopenIfClosedWhileIdle()}).
 */
public final class RemoteSession implements Session {

    /** Opens the session's database on the leader, again when the node closed the connection while it sat idle. */
    @FunctionalInterface
    interface Opener {
        RemoteSessionFactory.Opened open(String database) throws SQLException;
    }

    private volatile NodeConnection connection;
    private final String database;
    private volatile int databaseId;
    private final Opener opener;
    private final long waitMillis;
    private final long maxBufferedResultBytes;
    private final Semaphore busy = new Semaphore(1);
    private final Object interruptLock = new Object();
    private boolean running;
    private boolean runningMayWrite;
    private boolean interruptSent;
    private volatile boolean broken;
    private volatile boolean closed;
    private RemoteRows openRows;
    /** The prepared statements that may write, whose outcome is unknown if the connection dies while they run. */
    private final Set<Integer> writingStatements = new HashSet<>();
    /** How many statements are prepared on the node and not finalized: they live on the connection only. */
    private int preparedStatements;

    RemoteSession(RemoteSessionFactory.Opened opened, String database, ClientSettings settings, Opener opener) {
        this.connection = opened.connection();
        this.database = database;
        this.databaseId = opened.databaseId();
        this.opener = opener;
        this.waitMillis = settings.readTimeout().toMillis();
        this.maxBufferedResultBytes = settings.maxBufferedResultBytes();
    }

    @Override
    public String database() {
        return database;
    }

    /** Returns the address of the node this session talks to. */
    public String nodeAddress() {
        return connection.address().toString();
    }

    @Override
    public StatementHandle prepare(String sql) throws SQLException {
        enter();
        try {
            Response response = decode(send(encode(new Request.Prepare(databaseId, sql))));
            if (response instanceof Response.Stmt stmt) {
                preparedStatements++;
                if (!ReadOnlySql.isReadOnly(sql)) {
                    writingStatements.add(stmt.statementId());
                }
                return new StatementHandle(stmt.statementId(), (int) stmt.parameterCount());
            }
            throw unexpected(response, "PREPARE", false);
        } finally {
            busy.release();
        }
    }

    @Override
    public ExecResult exec(int statementId, List<Object> parameters) throws SQLException {
        return execute(new Request.Exec(databaseId, statementId, parameters));
    }

    @Override
    public Rows query(int statementId, List<Object> parameters) throws SQLException {
        return startQuery(new Request.Query(databaseId, statementId, parameters));
    }

    @Override
    public void finalizeStatement(int statementId) throws SQLException {
        enter();
        try {
            Response response = decode(send(encode(new Request.Finalize(databaseId, statementId))));
            if (!(response instanceof Response.Empty)) {
                throw unexpected(response, "FINALIZE", false);
            }
            writingStatements.remove(statementId);
            preparedStatements--;
        } finally {
            busy.release();
        }
    }

    @Override
    public ExecResult execSql(String sql, List<Object> parameters) throws SQLException {
        return execute(new Request.ExecSql(databaseId, sql, parameters));
    }

    @Override
    public Rows querySql(String sql, List<Object> parameters) throws SQLException {
        return startQuery(new Request.QuerySql(databaseId, sql, parameters));
    }

    @Override
    public void interrupt() throws SQLException {
        synchronized (interruptLock) {
            if (!running || interruptSent || broken) {
                return;
            }
            try {
                connection.send(new Request.Interrupt(databaseId));
                interruptSent = true;
            } catch (IOException e) {
                throw lost(e);
            }
        }
    }

    @Override
    public boolean isValid(int timeoutSeconds) {
        if (closed || broken || !connection.isOpen()) {
            return false;
        }
        if (!busy.tryAcquire()) {
            return connection.isOpen();
        }
        try {
            connection.useReadTimeout((int) Math.min(Integer.MAX_VALUE, TimeUnit.SECONDS.toMillis(Math.max(0, timeoutSeconds))));
            connection.send(new Request.Leader());
            Response response = Response.decode(connection.receive());
            connection.useReadTimeout(0);
            return response instanceof Response.Server server && server.address().equals(nodeAddress());
        } catch (IOException e) {
            lost(e);
            return false;
        } finally {
            busy.release();
        }
    }

    /**
     * Replaces a connection that the node closed while it sat idle (the node's idle timeout) with a new one to
     * the leader, when this session held nothing on it; fails as a lost connection if it held a prepared
     * statement or an open result, without sending anything. The caller knows no transaction is open.
     */
    @Override
    public void reopenIfClosedWhileIdle() throws SQLException {
        if (closed || broken || !connection.closedWhileIdle()) {
            return;
        }
        if (openRows != null || preparedStatements > 0) {
            throw lost(new IOException("the node closed the connection while it sat idle, and its prepared"
                    + " statements went with it"));
        }
        RemoteSessionFactory.Opened reopened = opener.open(database);
        connection.close();
        connection = reopened.connection();
        databaseId = reopened.databaseId();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Closing the socket ends any running query at once; draining it first could mean reading all its rows.
        connection.close();
    }

    private ExecResult execute(Request request) throws SQLException {
        enter();
        try {
            Frame encoded = encode(request);
            Frame frame = sendRunning(encoded, mayWrite(request));
            finishRunning(frame.type() == Response.Empty.TYPE);
            Response response = decode(frame);
            if (response instanceof Response.Result result) {
                return new ExecResult(result.lastInsertId(), result.rowsAffected());
            }
            throw unexpected(response, request.getClass().getSimpleName().toUpperCase(), mayWrite(request));
        } finally {
            busy.release();
        }
    }

    private Rows startQuery(Request request) throws SQLException {
        enter();
        boolean handedOver = false;
        try {
            Frame encoded = encode(request);
            Frame frame = sendRunning(encoded, mayWrite(request));
            if (frame.type() == Response.Rows.TYPE) {
                openRows = new RemoteRows(this, RowsCursor.open(frame));
                handedOver = true;
                return openRows;
            }
            finishRunning(frame.type() == Response.Empty.TYPE);
            throw unexpected(decode(frame), request.getClass().getSimpleName().toUpperCase(), mayWrite(request));
        } catch (ProtocolException e) {
            throw lost(e);
        } finally {
            if (!handedOver) {
                busy.release();
            }
        }
    }

    /** Reads the next ROWS message of the open result, or throws what the node answered instead. */
    RowsCursor nextBatch() throws SQLException {
        // a statement that may write is read to its end: the node sends all rows of a committed write
        if (interruptSent() && !runningMayWrite()) {
            drainUntilEmpty();
            endRows(true);
            throw interrupted();
        }
        try {
            Frame frame = connection.receive();
            if (frame.type() == Response.Rows.TYPE) {
                return RowsCursor.open(frame);
            }
            endRows(frame.type() == Response.Empty.TYPE);
            throw unexpected(decode(frame), "QUERY", runningMayWrite());
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** Stops the open result: sends INTERRUPT unless sent already and reads until the node's EMPTY. */
    void abandonRows() throws SQLException {
        synchronized (interruptLock) {
            if (!interruptSent && !broken) {
                try {
                    connection.send(new Request.Interrupt(databaseId));
                } catch (IOException e) {
                    throw lost(e);
                }
                interruptSent = true;
            }
        }
        drainUntilEmpty();
        endRows(true);
    }

    /** Marks the open result as finished, draining a pending interrupt's EMPTY unless it was already read. */
    void endRows(boolean emptyRead) throws SQLException {
        openRows = null;
        try {
            finishRunning(emptyRead);
        } finally {
            busy.release();
        }
    }

    /** Tells whether the session was closed or lost its connection, so that nothing more can be sent. */
    boolean unusable() {
        return closed || broken;
    }

    /** Returns the exception for a lost connection, marking the session unusable. */
    SQLException lost(IOException e) {
        broken = true;
        connection.close();
        return new SQLTransientConnectionException("lost the connection to dqlite node " + nodeAddress() + ": "
                + e.getMessage(), "08006", SqliteErrors.SQLITE_IOERR, e);
    }

    private void enter() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the session on " + database + " is closed", "08003",
                    SqliteErrors.SQLITE_MISUSE);
        }
        if (broken) {
            throw new SQLTransientConnectionException("the connection to dqlite node " + nodeAddress()
                    + " was lost earlier; open a new session", "08006", SqliteErrors.SQLITE_IOERR);
        }
        if (openRows != null) {
            // one conversation at a time on the wire: the open result moves into memory first
            openRows.bufferRemainder(maxBufferedResultBytes);
        }
        try {
            if (!busy.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientException("the session on " + database + " stayed busy for " + waitMillis + " ms",
                        "HY000", SqliteErrors.SQLITE_BUSY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for the session on " + database, "HY000",
                    SqliteErrors.SQLITE_INTERRUPT, e);
        }
    }

    private static Frame encode(Request request) throws SQLException {
        try {
            return request.encode();
        } catch (IllegalArgumentException e) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, e.getMessage());
        }
    }

    private Frame send(Frame request) throws SQLException {
        try {
            connection.send(request);
            return connection.receive();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private Response decode(Frame frame) throws SQLException {
        try {
            Response response = Response.decode(frame);
            if (response instanceof Response.Failure failure) {
                throw SqliteErrors.toException((int) failure.code(), failure.message());
            }
            return response;
        } catch (ProtocolException e) {
            throw lost(e);
        }
    }

    private SQLException unexpected(Response response, String request, boolean mayWrite) throws SQLException {
        if (response instanceof Response.Empty) {
            // the node answers an interrupted write with FAILURE; EMPTY instead of any answer leaves it open
            return mayWrite ? new CommitOutcomeUnknownException("a statement that may write was"
                    + " interrupted and the node gave no answer for it; it may or may not have been committed", null)
                    : interrupted();
        }
        return lost(new ProtocolException(request + " was answered with a message of type " + response.type()));
    }

    private static SQLException interrupted() {
        return SqliteErrors.toException(SqliteErrors.SQLITE_INTERRUPT, "the statement was interrupted");
    }

    /**
     * Sends a statement and reads its first answer; the statement counts as running from the moment
     * it is sent, so an INTERRUPT from another thread can never reach the node before it. A
     * connection lost after a statement that may write was sent leaves its outcome unknown: the
     * node may have committed it before the answer was lost.
     */
    private Frame sendRunning(Frame request, boolean mayWrite) throws SQLException {
        try {
            synchronized (interruptLock) {
                connection.send(request);
                running = true;
                runningMayWrite = mayWrite;
                interruptSent = false;
            }
        } catch (IOException e) {
            throw lost(e);
        }
        try {
            return connection.receive();
        } catch (IOException e) {
            SQLException lost = lost(e);
            if (!mayWrite) {
                throw lost;
            }
            throw new CommitOutcomeUnknownException("lost the connection to dqlite node " + nodeAddress()
                    + " while a statement that may write was running; it may or may not have been committed: "
                    + e.getMessage(), lost);
        }
    }

    private boolean mayWrite(Request request) {
        if (request instanceof Request.ExecSql exec) {
            return !ReadOnlySql.isReadOnly(exec.sql());
        }
        if (request instanceof Request.QuerySql query) {
            return !ReadOnlySql.isReadOnly(query.sql());
        }
        if (request instanceof Request.Exec exec) {
            return writingStatements.contains(exec.statementId());
        }
        return request instanceof Request.Query query && writingStatements.contains(query.statementId());
    }

    private boolean runningMayWrite() {
        synchronized (interruptLock) {
            return runningMayWrite;
        }
    }

    private boolean interruptSent() {
        synchronized (interruptLock) {
            return interruptSent;
        }
    }

    private void finishRunning(boolean emptyRead) throws SQLException {
        boolean drain;
        synchronized (interruptLock) {
            running = false;
            drain = interruptSent && !emptyRead;
            interruptSent = false;
        }
        if (drain) {
            drainUntilEmpty();
        }
    }

    private void drainUntilEmpty() throws SQLException {
        try {
            while (connection.receive().type() != Response.Empty.TYPE) {
                // Rows and results that were already on their way are discarded.
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }
}
