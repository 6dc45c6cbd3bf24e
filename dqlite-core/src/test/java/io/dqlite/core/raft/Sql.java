package io.dqlite.core.raft;

import io.dqlite.core.session.LeaderDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One-line SQL against a leader database, for cluster tests. */
final class Sql {

    private Sql() {
    }

    static int update(LeaderDatabase db, String sql, Object... parameters) throws SQLException {
        return db.execute(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    static long queryLong(LeaderDatabase db, String sql, Object... parameters) throws SQLException {
        return db.execute(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }
}
