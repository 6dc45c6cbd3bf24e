package io.dqlite.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two bulk loads and their throughput in MiB/s of row values: one transaction of 100 MiB (a single
 * {@code INSERT ... SELECT randomblob(1024)} of 102,400 rows), and 100,000 rows of 1 KiB inserted
 * one prepared statement at a time in transactions of 1,000 rows.
 */
final class BulkLoad {

    static final int ROW_BYTES = 1024;
    static final int ONE_TRANSACTION_ROWS = 100 * 1024;
    static final int BATCHED_ROWS = 100_000;
    static final int ROWS_PER_TRANSACTION = 1_000;

    private BulkLoad() {
    }

    /** MiB/s of each load; NaN where the system did not run. */
    record Figures(double oneTransactionMibPerSecond, double batchedMibPerSecond) {

        static final Figures MISSING = new Figures(Double.NaN, Double.NaN);
    }

    /** Runs both loads on fresh tables of the system {@code connector} reaches. */
    static Figures run(KvWorkload.Connector connector) throws SQLException {
        try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TABLE IF EXISTS bulk_one");
            statement.executeUpdate("DROP TABLE IF EXISTS bulk_batched");
            statement.executeUpdate("CREATE TABLE bulk_one (id INTEGER PRIMARY KEY, body BLOB)");
            statement.executeUpdate("CREATE TABLE bulk_batched (id INTEGER PRIMARY KEY, body BLOB)");

            long started = System.nanoTime();
            int inserted = statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < " + ONE_TRANSACTION_ROWS + ") INSERT INTO bulk_one(body) SELECT randomblob("
                    + ROW_BYTES + ") FROM n");
            double one = mibPerSecond((long) inserted * ROW_BYTES, System.nanoTime() - started);

            started = System.nanoTime();
            byte[] body = new byte[ROW_BYTES];
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bulk_batched(body) VALUES(?)")) {
                for (int row = 0; row < BATCHED_ROWS; row++) {
                    ThreadLocalRandom.current().nextBytes(body);
                    insert.setBytes(1, body);
                    insert.executeUpdate();
                    if ((row + 1) % ROWS_PER_TRANSACTION == 0) {
                        connection.commit();
                    }
                }
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
            double batched = mibPerSecond((long) BATCHED_ROWS * ROW_BYTES, System.nanoTime() - started);
            return new Figures(one, batched);
        }
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }
}
