package io.dqlite.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint of a {@link DqliteConnection}, made with SQL {@code SAVEPOINT}. An unnamed savepoint
 * has an id and a generated name; a named one has only its name.
 */
public final class DqliteSavepoint implements Savepoint {

    private final DqliteConnection connection;
    private final Integer id;
    private final String name;

    DqliteSavepoint(DqliteConnection connection, Integer id, String name) {
        this.connection = connection;
        this.id = id;
        this.name = name;
    }

    DqliteConnection connection() {
        return connection;
    }

    /** Returns the name the savepoint has in SQL, generated for an unnamed savepoint. */
    String sqlName() {
        return name;
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (id == null) {
            throw new SQLException("The savepoint '" + name + "' is named and has no id", "HY024");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (id != null) {
            throw new SQLException("The savepoint " + id + " is unnamed", "HY024");
        }
        return name;
    }

    /** Returns the savepoint's SQL name, for logs. */
    @Override
    public String toString() {
        return name;
    }
}
