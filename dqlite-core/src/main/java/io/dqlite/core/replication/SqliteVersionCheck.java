package io.dqlite.core.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refuses an SQLite library older than the one this project is tested with: replication reads
 * SQLite's write-ahead log itself, so an untested SQLite is not used silently (Spring Boot's
 * dependency management, for one, pins an older sqlite-jdbc).
 */
public final class SqliteVersionCheck {

    /** The oldest SQLite the replication is tested with. */
    public static final String MINIMUM = "3.54.1";
    /** The sqlite-jdbc release that bundles {@link #MINIMUM}. */
    public static final String MINIMUM_DRIVER = "3.54.1.0";

    private SqliteVersionCheck() {
    }

    /** Throws naming the property to set if {@code connection}'s SQLite is older than {@link #MINIMUM}. */
    public static void require(Connection connection) throws SQLException {
        String version;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT sqlite_version()")) {
            row.next();
            version = row.getString(1);
        }
        require(version);
    }

    /** Throws naming the property to set if {@code version} is older than {@link #MINIMUM}. */
    static void require(String version) {
        if (compare(version, MINIMUM) < 0) {
            throw new IllegalStateException("SQLite " + version + " (from the org.xerial:sqlite-jdbc on the classpath) is"
                    + " older than " + MINIMUM + ", the oldest dqlite for Spring Boot is tested with; use sqlite-jdbc "
                    + MINIMUM_DRIVER + " or later (with Spring Boot's dependency management, set the Maven property"
                    + " sqlite-jdbc.version, or the Gradle property of the same name, to " + MINIMUM_DRIVER + ")");
        }
    }

    /** Compares dotted versions number by number; a missing number counts as 0. */
    static int compare(String left, String right) {
        String[] a = left.trim().split("\\.");
        String[] b = right.trim().split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? number(a[i], left) : 0;
            int y = i < b.length ? number(b[i], right) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int number(String part, String version) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read the SQLite version '" + version + "'", e);
        }
    }
}
