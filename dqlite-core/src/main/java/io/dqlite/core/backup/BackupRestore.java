package io.dqlite.core.backup;

import io.dqlite.core.session.LeaderDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads a backup file into an empty replicated database: SQLite's backup API copies its pages through the leader's
 * writer, so they reach the log, and every node, as one (split) transaction.
 */
public final class BackupRestore {

    /** What a restore did. */
    public enum Outcome {
        /** The database held nothing and now holds the backup's content. */
        RESTORED,
        /** The database already held tables or other schema objects, so it was left as it was. */
        SKIPPED_NOT_EMPTY
    }

    private BackupRestore() {
    }

    /**
     * Restores {@code backup} into {@code database} if that database holds no schema object yet, deciding and
     * copying under the writer so that of several restores of one database only the first one runs.
     *
     * @throws SQLException naming the file if it is not a sound SQLite database with a table in it, or as
     *     {@link LeaderDatabase#execute} does if the leader changes
     */
    public static Outcome into(LeaderDatabase database, Path backup) throws SQLException {
        Path file = backup.toAbsolutePath();
        requireSound(file);
        return database.execute(connection -> {
            if (schemaObjects(connection) > 0) {
                return Outcome.SKIPPED_NOT_EMPTY;
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("restore from \"" + file + "\"");
            }
            return Outcome.RESTORED;
        });
    }

    private static void requireSound(Path file) throws SQLException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SQLException("cannot restore from " + file + ": not a readable file");
        }
        if (file.toString().indexOf('"') >= 0) {
            throw new SQLException("cannot restore from " + file + ": the path contains a double quote");
        }
        String problem;
        try (Connection backup = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
                Statement statement = backup.createStatement()) {
            problem = problem(statement);
        } catch (SQLException e) {
            problem = "not an SQLite database (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw new SQLException("cannot restore from " + file + ": " + problem);
        }
    }

    // the reason the open backup cannot be restored, or null
    private static String problem(Statement backup) throws SQLException {
        try (ResultSet check = backup.executeQuery("PRAGMA quick_check")) {
            String result = check.next() ? check.getString(1) : "no answer";
            if (!"ok".equals(result)) {
                return "SQLite's quick_check says " + result;
            }
        }
        return schemaObjects(backup.getConnection()) == 0 ? "it holds no table" : null;
    }

    private static long schemaObjects(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            count.next();
            return count.getLong(1);
        }
    }
}
