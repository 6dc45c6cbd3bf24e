package io.dqlite.core;

import io.dqlite.jdbc.DqliteDataSource;
import io.dqlite.jdbc.client.ClientSettings;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} of an application embedded in a node: each connection works in-process
 * when this node leads and over the wire protocol to the leader otherwise, with the same types and
 * errors; a connection whose node stopped leading fails {@link Connection#isValid(int)}.
 */
public final class NodeDataSource implements DataSource {

    private final DqliteDataSource connections;

    /** Serves database {@code database} of the cluster {@code node} belongs to, with default client settings. */
    public NodeDataSource(Node node, String database) {
        this(node, database, ClientSettings.defaults());
    }

    /** Serves database {@code database}; {@code settings} govern connections to a leader elsewhere. */
    public NodeDataSource(Node node, String database, ClientSettings settings) {
        NodeSessionFactory sessions = new NodeSessionFactory(node, settings);
        this.connections = new DqliteDataSource(sessions, database,
                "jdbc:dqlite://" + String.join(",", sessions.addresses()) + "/" + database);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connections.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connections.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return connections.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        connections.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        connections.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return connections.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return connections.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return connections.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || connections.isWrapperFor(type);
    }
}
