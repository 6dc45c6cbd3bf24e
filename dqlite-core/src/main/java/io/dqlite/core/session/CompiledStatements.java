package io.dqlite.core.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection's compiled statements, kept by their SQL text after they ran to their end, so that a statement
 * run again and again (a client's prepared INSERT or point SELECT in a loop) is compiled once rather than for every
 * execution: on the leader, compiling took as long as running a small insert.
 *
 * <p>Only the holder of the connection (the writer, or a lent reader) takes statements. A statement is out of the
 * cache while it runs, so two uses of the same SQL never share one; one that failed, or is given back with rows
 * unread and not reset, is closed, not kept. Kept statements are reset, so they hold no read transaction.
 */
final class CompiledStatements implements AutoCloseable {

    /** How many idle compiled statements a connection keeps, least recently used dropped first. */
    static final int CAPACITY = 64;

    private final Connection connection;
    private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    CompiledStatements(Connection connection) {
        this.connection = connection;
    }

    /** Returns a compiled statement of {@code sql} on the connection, kept from an earlier run or compiled now. */
    synchronized PreparedStatement take(String sql) throws SQLException {
        PreparedStatement kept = idle.remove(sql);
        return kept != null ? kept : WholeStatement.prepare(connection, sql);
    }

    /**
     * Takes back a statement from {@link #take}: keeps it, with its parameters cleared, if it ran to its end or its
     * result was closed ({@code finished}), and closes it otherwise or once this cache is closed.
     */
    synchronized void giveBack(String sql, PreparedStatement compiled, boolean finished) {
        if (finished && !closed) {
            try {
                compiled.clearParameters();
                PreparedStatement replaced = idle.put(sql, compiled);
                if (replaced != null) {
                    closeQuietly(replaced);
                }
                dropEldestBeyondCapacity();
                return;
            } catch (SQLException e) {
                // a statement that cannot be cleared is not worth keeping
            }
        }
        closeQuietly(compiled);
    }

    /**
     * Runs {@code work} on a compiled statement of {@code sql} and gives the statement back, kept if the work
     * returned, closed if it failed.
     */
    <T> T run(String sql, StatementWork<T> work) throws SQLException {
        PreparedStatement compiled = take(sql);
        boolean finished = false;
        try {
            T result = work.run(compiled);
            finished = true;
            return result;
        } finally {
            giveBack(sql, compiled, finished);
        }
    }

    /** Work on a compiled statement that reads or runs it to its end. */
    interface StatementWork<T> {
        T run(PreparedStatement compiled) throws SQLException;
    }

    /** Closes every idle statement; statements given back from now on are closed. */
    @Override
    public synchronized void close() {
        closed = true;
        for (PreparedStatement compiled : idle.values()) {
            closeQuietly(compiled);
        }
        idle.clear();
    }

    /** Returns how many compiled statements are kept. */
    synchronized int size() {
        return idle.size();
    }

    private void dropEldestBeyondCapacity() {
        Iterator<Map.Entry<String, PreparedStatement>> eldest = idle.entrySet().iterator();
        while (idle.size() > CAPACITY && eldest.hasNext()) {
            PreparedStatement dropped = eldest.next().getValue();
            eldest.remove();
            closeQuietly(dropped);
        }
    }

    private static void closeQuietly(PreparedStatement compiled) {
        try {
            compiled.close();
        } catch (SQLException e) {
            // closing finalizes the statement; a failure leaves nothing to undo
        }
    }
}
