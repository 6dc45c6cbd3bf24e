package io.dqlite.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** One worker's JDBC connection through a fixed URL: opened when needed, thrown away after any failure. */
public final class Client implements AutoCloseable {

    private final String url;
    private Connection connection;

    /** Creates a client for {@code url}; nothing is opened yet. */
    public Client(String url) {
        this.url = url;
    }

    /** Returns the URL this client connects through. */
    public String url() {
        return url;
    }

    /** Returns the open connection, opening one (the driver finds the leader) if there is none. */
    public Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url);
        }
        return connection;
    }

    /** Closes and forgets the connection after a failure, so the next operation finds the leader again. */
    public void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being thrown away because it failed
            }
            connection = null;
        }
    }

    /**
     * Closes {@code statement} (null is ignored). Closing a prepared statement asks the node to finalize it,
     * which fails if the connection was lost after the statement ran; that says nothing about the statement's
     * outcome, only that the connection must go.
     */
    public void release(Statement statement) {
        if (statement == null) {
            return;
        }
        try {
            statement.close();
        } catch (SQLException e) {
            discard();
        }
    }

    /** Closes the connection, if any. */
    @Override
    public void close() {
        discard();
    }
}
