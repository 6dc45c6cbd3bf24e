package io.dqlite.core;

import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One-line SQL over a {@link Session}, for tests. */
public final class SessionSql {

    private SessionSql() {
    }

    /** Executes {@code sql} with {@code parameters}. */
    public static ExecResult exec(Session session, String sql, Object... parameters) throws SQLException {
        return session.execSql(sql, Arrays.asList(parameters));
    }

    /** Runs the query {@code sql} and returns all its rows. */
    public static List<List<Object>> rows(Session session, String sql, Object... parameters) throws SQLException {
        try (Rows rows = session.querySql(sql, Arrays.asList(parameters))) {
            return readAll(rows);
        }
    }

    /** Runs the query {@code sql} and returns the first column of its first row. */
    public static Object scalar(Session session, String sql, Object... parameters) throws SQLException {
        return rows(session, sql, parameters).get(0).get(0);
    }

    /** Reads every remaining row of {@code rows}. */
    public static List<List<Object>> readAll(Rows rows) throws SQLException {
        List<List<Object>> all = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < rows.columns().size(); i++) {
                row.add(rows.value(i));
            }
            all.add(row);
        }
        return all;
    }
}
