package io.dqlite.core.session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work a leader runs on a database's writer connection.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Runs statements on {@code connection}; do not close it or leave a transaction open. */
    T run(Connection connection) throws SQLException;
}
