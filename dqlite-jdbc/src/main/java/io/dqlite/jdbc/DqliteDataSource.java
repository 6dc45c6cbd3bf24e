package io.dqlite.jdbc;

import io.dqlite.jdbc.session.SessionFactory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections are sessions on one database at the cluster's leader,
 * opened by a {@link SessionFactory}. dqlite has no users, so the credentials of
 * {@link #getConnection(String, String)} are ignored; the login timeout is recorded for tools that
 * read it back, and the factory applies its own timeouts.
 */
public final class DqliteDataSource implements DataSource {

    private final SessionFactory factory;
    private final String database;
    private final String url;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    /** Creates a data source that opens {@code database} through {@code factory}; {@code url} names it to tools. */
    public DqliteDataSource(SessionFactory factory, String database, String url) {
        if (factory == null) {
            throw new IllegalArgumentException("A dqlite data source needs a session factory");
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("A dqlite data source needs a database name");
        }
        this.factory = factory;
        this.database = database;
        this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new DqliteConnection(factory.open(database), url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw new SQLException("The login timeout must not be negative, was " + seconds, "HY024");
        }
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.dqlite.jdbc");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("A dqlite data source does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
