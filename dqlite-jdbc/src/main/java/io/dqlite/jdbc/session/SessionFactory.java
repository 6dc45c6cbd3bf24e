package io.dqlite.jdbc.session;

import java.sql.SQLException;

/** Opens sessions on a cluster's leader, wherever that leader is. */
@FunctionalInterface
public interface SessionFactory {

    /** Opens a session on database {@code database} at the current leader. */
    Session open(String database) throws SQLException;
}
