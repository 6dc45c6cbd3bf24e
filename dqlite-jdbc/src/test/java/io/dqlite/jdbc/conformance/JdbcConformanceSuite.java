package io.dqlite.jdbc.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What any dqlite JDBC connection must do, whatever carries its session. Subclasses say how to
 * connect; every call of {@link #connect()} gives a fresh connection to the same database, which
 * other tests share, so each test makes its own uniquely named tables and assumes nothing about
 * what else is there or in which order tests run.
 *
 * <p>Tests tagged {@code core} use only what any dqlite server offers, so they also hold against
 * the C server (dqlite-demo) over the wire protocol.
 */
public abstract class JdbcConformanceSuite {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    /** Returns a new connection to the database under test. */
    protected abstract Connection connect() throws SQLException;

    /** Returns a table name no other test, run or concurrent suite uses. */
    protected static String table(String purpose) {
        return "t_" + purpose + "_" + RUN + "_" + TABLES.incrementAndGet();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    /** Stores {@code value} with {@code binder} in an untyped column and reads it back with {@code reader}. */
    private <T> T roundTrip(Connection connection, String table, Binder binder, Reader<T> reader) throws SQLException {
        execute(connection, "DELETE FROM " + table);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (v) VALUES (?)")) {
            binder.bind(insert);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT v FROM " + table)) {
            assertThat(rows.next()).isTrue();
            T value = reader.read(rows);
            assertThat(rows.next()).isFalse();
            return value;
        }
    }

    /** Binds one parameter. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads column 1 of the current row. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    @Test
    @Tag("core")
    void integersRoundTripAtTheirLimits() throws SQLException {
        String table = table("integers");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v INTEGER)");
            for (long value : new long[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE}) {
                assertThat(roundTrip(connection, table, s -> s.setLong(1, value), (ResultSet r) -> r.getLong(1))).isEqualTo(value);
                assertThat(roundTrip(connection, table, s -> s.setObject(1, value), (ResultSet r) -> r.getObject(1)))
                        .isEqualTo(value);
            }
            assertThat(roundTrip(connection, table, s -> s.setInt(1, -7), (ResultSet r) -> r.getInt(1))).isEqualTo(-7);
            assertThat(roundTrip(connection, table, s -> s.setShort(1, Short.MIN_VALUE), (ResultSet r) -> r.getShort(1)))
                    .isEqualTo(Short.MIN_VALUE);
            assertThat(roundTrip(connection, table, s -> s.setByte(1, Byte.MAX_VALUE), (ResultSet r) -> r.getByte(1)))
                    .isEqualTo(Byte.MAX_VALUE);
            assertThat(roundTrip(connection, table, s -> s.setObject(1, 42), (ResultSet r) -> r.getObject(1, Integer.class)))
                    .isEqualTo(42);
            assertThatThrownBy(() -> roundTrip(connection, table, s -> s.setLong(1, Long.MAX_VALUE), (ResultSet r) -> r.getInt(1)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not fit");
        }
    }

    @Test
    @Tag("core")
    void nullsOfEveryKindReadBackAsNull() throws SQLException {
        String table = table("nulls");
        List<Binder> binders = List.of(s -> s.setNull(1, Types.INTEGER), s -> s.setNull(1, Types.VARCHAR),
                s -> s.setNull(1, Types.DOUBLE), s -> s.setNull(1, Types.BLOB), s -> s.setNull(1, Types.BOOLEAN),
                s -> s.setNull(1, Types.TIMESTAMP), s -> s.setNull(1, Types.OTHER, "ANY"), s -> s.setObject(1, null),
                s -> s.setString(1, null), s -> s.setBytes(1, null), s -> s.setTimestamp(1, null),
                s -> s.setBigDecimal(1, null), s -> s.setDate(1, null));
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v)");
            for (Binder binder : binders) {
                assertThat(roundTrip(connection, table, binder, (ResultSet r) -> r.getObject(1) == null && r.wasNull())).isTrue();
                assertThat(roundTrip(connection, table, binder, (ResultSet r) -> r.getInt(1) == 0 && r.wasNull())).isTrue();
                assertThat(roundTrip(connection, table, binder, (ResultSet r) -> r.getString(1))).isNull();
                assertThat(roundTrip(connection, table, binder, (ResultSet r) -> r.getBytes(1))).isNull();
                assertThat(roundTrip(connection, table, binder, (ResultSet r) -> r.getTimestamp(1))).isNull();
            }
        }
    }

    @Test
    @Tag("core")
    void realsRoundTripIncludingEdgeValuesAndNaNBecomesNull() throws SQLException {
        String table = table("reals");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v REAL)");
            for (double value : new double[] {1.5, -2.25e-300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI}) {
                assertThat(roundTrip(connection, table, s -> s.setDouble(1, value), (ResultSet r) -> r.getDouble(1)))
                        .isEqualTo(value);
            }
            // SQLite keeps integral reals as integers on disk, so -0.0 returns as a zero
            assertThat(roundTrip(connection, table, s -> s.setDouble(1, -0.0), (ResultSet r) -> r.getDouble(1))).isZero();
            assertThat(roundTrip(connection, table, s -> s.setFloat(1, 0.1f), (ResultSet r) -> r.getFloat(1))).isEqualTo(0.1f);
            assertThat(roundTrip(connection, table, s -> s.setDouble(1, Double.NaN), (ResultSet r) -> r.getObject(1))).isNull();
        }
    }

    @Test
    @Tag("core")
    void textRoundTripsWithNonAsciiAndKeepsEmptyApartFromNull() throws SQLException {
        String table = table("text");
        List<String> values = List.of("plain", "héllo wörld", "emoji 😀👍🏽🇯🇵", "漢字かなカナ한국어中文",
                "quote ' double \" backslash \\", "x".repeat(100_000), "line\nbreak\ttab");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v TEXT)");
            for (String value : values) {
                assertThat(roundTrip(connection, table, s -> s.setString(1, value), (ResultSet r) -> r.getString(1)))
                        .isEqualTo(value);
                assertThat(roundTrip(connection, table, s -> s.setNString(1, value), (ResultSet r) -> r.getObject(1)))
                        .isEqualTo(value);
            }
            assertThat(roundTrip(connection, table, s -> s.setString(1, ""), (ResultSet r) -> r.getString(1) + "|" + r.wasNull()))
                    .isEqualTo("|false");
            assertThat(roundTrip(connection, table, s -> s.setString(1, null), (ResultSet r) -> r.getString(1) + "|" + r.wasNull()))
                    .isEqualTo("null|true");
            assertThat(roundTrip(connection, table, s -> s.setObject(1, 'ß'), (ResultSet r) -> r.getString(1))).isEqualTo("ß");
            assertThat(roundTrip(connection, table,
                    s -> s.setCharacterStream(1, new java.io.StringReader("streamed ✓")), (ResultSet r) -> r.getString(1)))
                    .isEqualTo("streamed ✓");
        }
    }

    @Test
    @Tag("core")
    void blobsRoundTripFromEmptyToFiveMebibytes() throws SQLException {
        String table = table("blobs");
        byte[] large = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(large);
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v BLOB)");
            assertThat(roundTrip(connection, table, s -> s.setBytes(1, new byte[0]), (ResultSet r) -> r.getBytes(1))).isEmpty();
            assertThat(roundTrip(connection, table, s -> s.setBytes(1, new byte[0]), (ResultSet r) -> r.wasNull() || r.getBytes(1) == null))
                    .isFalse();
            assertThat(roundTrip(connection, table, s -> s.setBytes(1, large), (ResultSet r) -> r.getBytes(1))).isEqualTo(large);
            byte[] small = {0, 1, 2, (byte) 0xff, 0};
            assertThat(roundTrip(connection, table, s -> s.setBinaryStream(1, new java.io.ByteArrayInputStream(small)),
                    (ResultSet r) -> r.getObject(1))).isEqualTo(small);
            assertThat(roundTrip(connection, table, s -> s.setBytes(1, small),
                    (ResultSet r) -> r.getBlob(1).getBytes(1, small.length))).isEqualTo(small);
        }
    }

    @Test
    @Tag("core")
    void booleansRoundTrip() throws SQLException {
        String table = table("booleans");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v BOOLEAN)");
            assertThat(roundTrip(connection, table, s -> s.setBoolean(1, true), (ResultSet r) -> r.getBoolean(1))).isTrue();
            assertThat(roundTrip(connection, table, s -> s.setBoolean(1, false), (ResultSet r) -> r.getBoolean(1))).isFalse();
            assertThat(roundTrip(connection, table, s -> s.setBoolean(1, true), (ResultSet r) -> r.getInt(1))).isEqualTo(1);
            assertThat(roundTrip(connection, table, s -> s.setObject(1, Boolean.FALSE),
                    (ResultSet r) -> r.getObject(1, Boolean.class))).isFalse();
        }
    }

    @Test
    @Tag("core")
    void datesAndTimesRoundTripAsIsoText() throws SQLException {
        String table = table("dates");
        Timestamp timestamp = Timestamp.valueOf("2024-02-29 13:45:30.123");
        Timestamp nanos = Timestamp.valueOf("1999-12-31 23:59:59.123456789");
        Date date = Date.valueOf("2023-07-04");
        Time time = Time.valueOf("08:15:00");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v TEXT)");
            assertThat(roundTrip(connection, table, s -> s.setTimestamp(1, timestamp), (ResultSet r) -> r.getString(1)))
                    .isEqualTo("2024-02-29 13:45:30.123");
            assertThat(roundTrip(connection, table, s -> s.setTimestamp(1, timestamp), (ResultSet r) -> r.getTimestamp(1)))
                    .isEqualTo(timestamp);
            assertThat(roundTrip(connection, table, s -> s.setTimestamp(1, nanos), (ResultSet r) -> r.getTimestamp(1)))
                    .isEqualTo(nanos);
            assertThat(roundTrip(connection, table, s -> s.setDate(1, date), (ResultSet r) -> r.getString(1))).isEqualTo("2023-07-04");
            assertThat(roundTrip(connection, table, s -> s.setDate(1, date), (ResultSet r) -> r.getDate(1))).isEqualTo(date);
            assertThat(roundTrip(connection, table, s -> s.setTime(1, time), (ResultSet r) -> r.getTime(1))).isEqualTo(time);
            LocalDateTime local = LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6_000_000);
            assertThat(roundTrip(connection, table, s -> s.setObject(1, local),
                    (ResultSet r) -> r.getObject(1, LocalDateTime.class))).isEqualTo(local);
            LocalDate day = LocalDate.of(1969, 12, 31);
            assertThat(roundTrip(connection, table, s -> s.setObject(1, day), (ResultSet r) -> r.getObject(1, LocalDate.class)))
                    .isEqualTo(day);
            LocalTime clock = LocalTime.of(23, 59, 58, 500_000_000);
            assertThat(roundTrip(connection, table, s -> s.setObject(1, clock), (ResultSet r) -> r.getObject(1, LocalTime.class)))
                    .isEqualTo(clock);
            OffsetDateTime offset = OffsetDateTime.of(2021, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));
            assertThat(roundTrip(connection, table, s -> s.setObject(1, offset),
                    (ResultSet r) -> r.getObject(1, OffsetDateTime.class))).isEqualTo(offset);
            Instant instant = Instant.parse("2022-03-04T05:06:07.890Z");
            assertThat(roundTrip(connection, table, s -> s.setObject(1, instant), (ResultSet r) -> r.getObject(1, Instant.class)))
                    .isEqualTo(instant);
            // SQLite's own date functions read what the driver writes
            assertThat(roundTrip(connection, table, s -> s.setObject(1, instant), (ResultSet r) -> r.getString(1)))
                    .isEqualTo("2022-03-04 05:06:07.890Z");
        }
    }

    @Test
    @Tag("core")
    void sqliteDateFunctionsReadTheStoredText() throws SQLException {
        String table = table("datefn");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v TEXT)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
                insert.setTimestamp(1, Timestamp.valueOf("2024-02-29 13:45:30.123"));
                insert.executeUpdate();
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT date(v), strftime('%H', v) FROM " + table)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("2024-02-29");
                assertThat(rows.getString(2)).isEqualTo("13");
            }
        }
    }

    @Test
    @Tag("core")
    void decimalsUuidsAndOtherObjectsRoundTrip() throws SQLException {
        String table = table("objects");
        BigDecimal decimal = new BigDecimal("12345678901234567890.123456789");
        UUID uuid = UUID.randomUUID();
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v TEXT)");
            assertThat(roundTrip(connection, table, s -> s.setBigDecimal(1, decimal), (ResultSet r) -> r.getBigDecimal(1)))
                    .isEqualTo(decimal);
            assertThat(roundTrip(connection, table, s -> s.setObject(1, uuid), (ResultSet r) -> r.getObject(1, UUID.class)))
                    .isEqualTo(uuid);
            assertThatThrownBy(() -> roundTrip(connection, table, s -> s.setObject(1, new Object()), (ResultSet r) -> r.getString(1)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("java.lang.Object");
        }
    }

    @Test
    @Tag("core")
    void preparedStatementsRunManyTimesWithReusedAndChangedParameters() throws SQLException {
        String table = table("reuse");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, grp TEXT, n INTEGER)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (grp, n) VALUES (?, ?)")) {
                insert.setString(1, "a");
                for (int i = 0; i < 50; i++) {
                    insert.setInt(2, i);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                insert.setString(1, "b");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                insert.clearParameters();
                assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("Parameter 1");
                assertThatThrownBy(() -> insert.setInt(3, 1)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("out of range");
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*), sum(n) FROM " + table + " WHERE grp = ?")) {
                assertThat(select.getParameterMetaData().getParameterCount()).isEqualTo(1);
                select.setString(1, "a");
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rows = select.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getLong(1)).isEqualTo(50);
                        assertThat(rows.getLong(2)).isEqualTo(49 * 50 / 2);
                    }
                }
                select.setString(1, "b");
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(1);
                    assertThat(rows.getLong(2)).isEqualTo(49);
                }
            }
        }
    }

    @Test
    @Tag("core")
    void statementAndPreparedBatchesReturnUpdateCounts() throws SQLException {
        String table = table("batch");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
            try (Statement statement = connection.createStatement()) {
                statement.addBatch("INSERT INTO " + table + " (v) VALUES ('a')");
                statement.addBatch("INSERT INTO " + table + " (v) VALUES ('b')");
                statement.addBatch("UPDATE " + table + " SET v = v || '!'");
                assertThat(statement.executeBatch()).containsExactly(1, 1, 2);
                assertThat(statement.executeBatch()).isEmpty();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (v) VALUES (?)")) {
                for (int i = 0; i < 10; i++) {
                    insert.setString(1, "p" + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(10).containsOnly(1);
                insert.setString(1, "q");
                insert.addBatch();
                insert.setString(1, "p3");
                insert.addBatch();
                insert.setString(1, "r");
                insert.addBatch();
                assertThatThrownBy(insert::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class,
                        e -> assertThat(e.getUpdateCounts()).containsExactly(1));
            }
            assertThat(count(connection, table)).isEqualTo(13);
        }
    }

    @Test
    @Tag("core")
    void generatedKeysGiveTheLastInsertRowid() throws SQLException {
        String table = table("keys");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v TEXT)");
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + " (id, v) VALUES (41, 'x')",
                        Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(41);
                    assertThat(keys.next()).isFalse();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (v) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "y");
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getObject(1)).isEqualTo(42L);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (v) VALUES (?)",
                    new String[] {"id"})) {
                insert.setString(1, "z");
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.getMetaData().getColumnLabel(1)).isEqualTo("id");
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong("id")).isEqualTo(43);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE " + table + " SET v = 'u'");
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    assertThat(keys.next()).isFalse();
                }
            }
        }
    }

    @Test
    @Tag("core")
    void insertReturningGivesRows() throws SQLException {
        String table = table("returning");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v TEXT)");
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.execute("INSERT INTO " + table + " (v) VALUES ('a') RETURNING id, v")).isTrue();
                try (ResultSet rows = statement.getResultSet()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString("v")).isEqualTo("a");
                }
            }
            assertThat(count(connection, table)).isEqualTo(1);
        }
    }

    @Test
    @Tag("core")
    void executeTellsQueriesFromUpdatesAndFollowsJdbcResultSemantics() throws SQLException {
        String table = table("execute");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("CREATE TABLE " + table + " (v INTEGER)")).isFalse();
            assertThat(statement.getUpdateCount()).isZero();
            assertThat(statement.execute("INSERT INTO " + table + " VALUES (1), (2), (3)")).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(3);
            assertThat(statement.getResultSet()).isNull();
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            assertThat(statement.execute("  /* leading comment */ -- and another\n SELECT v FROM " + table)).isTrue();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            ResultSet rows = statement.getResultSet();
            assertThat(rows.next()).isTrue();
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(rows.isClosed()).isTrue();
            assertThat(statement.execute("WITH x AS (SELECT 1) SELECT * FROM x")).isTrue();
            assertThat(statement.execute("VALUES (1), (2)")).isTrue();
            assertThat(statement.execute("PRAGMA table_info(" + table + ")")).isTrue();
            assertThat(statement.execute("WITH d AS (SELECT 2 AS v) DELETE FROM " + table
                    + " WHERE v IN (SELECT v FROM d)")).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(1);
            assertThat(statement.executeUpdate("CREATE INDEX " + table + "_v ON " + table + " (v)")).isZero();
        }
    }

    @Test
    @Tag("core")
    void severalStatementsInOneStringRunInOrder() throws SQLException {
        String table = table("multi");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (v TEXT); INSERT INTO " + table + " VALUES ('a;b');"
                    + " INSERT INTO " + table + " VALUES ('c');");
            assertThat(count(connection, table)).isEqualTo(2);
            assertThat(statement.execute("INSERT INTO " + table + " VALUES ('d'); SELECT count(*) FROM " + table))
                    .isTrue();
            try (ResultSet rows = statement.getResultSet()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    @Tag("core")
    void resultSetsReadByLabelRespectMaxRowsAndDescribeTheirColumns() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setMaxRows(2);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT 1 AS Num, 'x' AS txt, 2.5 AS r, x'00' AS b, NULL AS n UNION ALL SELECT 2, 'y', 1, x'', NULL"
                            + " UNION ALL SELECT 3, 'z', 0, NULL, NULL")) {
                ResultSetMetaData meta = rows.getMetaData();
                assertThat(meta.getColumnCount()).isEqualTo(5);
                assertThat(meta.getColumnLabel(1)).isEqualTo("Num");
                assertThat(meta.getColumnType(1)).isEqualTo(Types.BIGINT);
                assertThat(meta.getColumnType(2)).isEqualTo(Types.VARCHAR);
                assertThat(meta.getColumnType(3)).isEqualTo(Types.DOUBLE);
                assertThat(meta.getColumnTypeName(4)).isEqualTo("BLOB");
                assertThat(meta.getColumnType(5)).isEqualTo(Types.NULL);
                assertThat(rows.isBeforeFirst()).isTrue();
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("num")).isEqualTo(1);
                assertThat(rows.getString("TXT")).isEqualTo("x");
                assertThat(rows.getDouble("r")).isEqualTo(2.5);
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
                assertThat(rows.next()).isFalse();
                assertThatThrownBy(() -> rows.findColumn("missing")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("missing");
            }
        }
    }

    @Test
    @Tag("core")
    void closeOnCompletionClosesTheStatementWithItsResult() throws SQLException {
        try (Connection connection = connect()) {
            Statement statement = connection.createStatement();
            statement.closeOnCompletion();
            ResultSet rows = statement.executeQuery("SELECT 1");
            rows.close();
            assertThat(statement.isClosed()).isTrue();
        }
    }

    /**
     * Streams 100,000 rows of about 1 KiB (about 100 MiB of text, made by a recursive CTE so nothing
     * is stored). The heap in use after a full collection is measured before the query and at row
     * 50,000; had the driver or transport kept the rows read so far, it would have grown by about
     * 50 MiB at that point, so a growth below 24 MiB shows rows are not retained.
     */
    @Test
    @Tag("core")
    void largeResultsStreamInBoundedMemory() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            long before = usedHeapAfterGc();
            long grownAtHalf = -1;
            long rowsRead = 0;
            long characters = 0;
            try (ResultSet rows = statement.executeQuery("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                    + " SELECT i + 1 FROM n WHERE i < 100000) SELECT i, hex(zeroblob(500)) || i FROM n")) {
                while (rows.next()) {
                    rowsRead++;
                    characters += rows.getString(2).length();
                    if (rowsRead == 50_000) {
                        grownAtHalf = usedHeapAfterGc() - before;
                    }
                }
            }
            assertThat(rowsRead).isEqualTo(100_000);
            assertThat(characters).isGreaterThan(100_000_000L);
            assertThat(grownAtHalf).isLessThan(24L * 1024 * 1024);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    @Tag("core")
    void commitMakesChangesVisibleAndRollbackDiscardsThem() throws SQLException {
        String table = table("commit");
        try (Connection connection = connect(); Connection other = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v INTEGER)");
            connection.setAutoCommit(false);
            assertThat(connection.getAutoCommit()).isFalse();
            execute(connection, "INSERT INTO " + table + " VALUES (1)");
            assertThat(count(connection, table)).isEqualTo(1);
            assertThat(count(other, table)).isZero();
            connection.commit();
            assertThat(count(other, table)).isEqualTo(1);
            execute(connection, "INSERT INTO " + table + " VALUES (2)");
            connection.rollback();
            assertThat(count(connection, table)).isEqualTo(1);
            assertThat(count(other, table)).isEqualTo(1);
            execute(connection, "INSERT INTO " + table + " VALUES (3)");
            connection.setAutoCommit(true);
            assertThat(count(other, table)).isEqualTo(2);
            assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class).hasMessageContaining("autocommit");
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        }
    }

    @Test
    @Tag("core")
    void closingAConnectionRollsBackItsTransaction() throws SQLException {
        String table = table("close");
        try (Connection other = connect()) {
            execute(other, "CREATE TABLE " + table + " (v INTEGER)");
            try (Connection connection = connect()) {
                connection.setAutoCommit(false);
                execute(connection, "INSERT INTO " + table + " VALUES (1)");
            }
            assertThat(count(other, table)).isZero();
        }
    }

    @Test
    @Tag("core")
    void savepointsRollBackAndRelease() throws SQLException {
        String table = table("savepoints");
        try (Connection connection = connect(); Connection other = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v INTEGER)");
            connection.setAutoCommit(false);
            execute(connection, "INSERT INTO " + table + " VALUES (1)");
            Savepoint first = connection.setSavepoint();
            execute(connection, "INSERT INTO " + table + " VALUES (2)");
            Savepoint named = connection.setSavepoint("second");
            assertThat(named.getSavepointName()).isEqualTo("second");
            execute(connection, "INSERT INTO " + table + " VALUES (3)");
            connection.rollback(named);
            assertThat(count(connection, table)).isEqualTo(2);
            connection.releaseSavepoint(first);
            execute(connection, "INSERT INTO " + table + " VALUES (4)");
            Savepoint third = connection.setSavepoint();
            assertThat(third.getSavepointId()).isNotEqualTo(first.getSavepointId());
            execute(connection, "INSERT INTO " + table + " VALUES (5)");
            connection.rollback(third);
            connection.commit();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT group_concat(v) FROM (SELECT v FROM " + table
                            + " ORDER BY v)")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("1,2,4");
            }
            assertThat(count(other, table)).isEqualTo(3);
        }
    }

    @Test
    @Tag("core")
    void sqlTransactionStatementsAreFollowed() throws SQLException {
        String table = table("sqltx");
        try (Connection connection = connect(); Connection other = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v INTEGER)");
            connection.setAutoCommit(false);
            execute(connection, "INSERT INTO " + table + " VALUES (1)");
            execute(connection, "COMMIT");
            assertThat(count(other, table)).isEqualTo(1);
            execute(connection, "INSERT INTO " + table + " VALUES (2)");
            connection.commit();
            assertThat(count(other, table)).isEqualTo(2);
        }
    }

    @Test
    @Tag("core")
    void errorsCarrySqliteCodes() throws SQLException {
        String table = table("errors");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELEC 1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1));
            assertThatThrownBy(() -> connection.prepareStatement("SELECT * FROM no_such_table_" + table))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1));
            statement.execute("CREATE TABLE " + table + " (v TEXT UNIQUE)");
            statement.execute("INSERT INTO " + table + " VALUES ('a')");
            assertThatThrownBy(() -> statement.execute("INSERT INTO " + table + " VALUES ('a')"))
                    .isInstanceOfSatisfying(SQLIntegrityConstraintViolationException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(2067));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
                insert.setString(1, "a");
                assertThatThrownBy(insert::executeUpdate).isInstanceOfSatisfying(
                        SQLIntegrityConstraintViolationException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2067));
            }
            assertThat(count(connection, table)).isEqualTo(1);
        }
    }

    @Test
    @Tag("core")
    void metadataAnswersWhatSpringAndFlywayAsk() throws SQLException {
        String table = table("meta");
        String child = table + "_child";
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                    + " price DECIMAL(10,2) DEFAULT 0, created TIMESTAMP)");
            execute(connection, "CREATE TABLE " + child + " (a INTEGER, b TEXT, parent_id INTEGER REFERENCES "
                    + table + " (id) ON DELETE CASCADE, PRIMARY KEY (b, a))");
            execute(connection, "CREATE UNIQUE INDEX " + table + "_name ON " + table + " (name)");
            execute(connection, "CREATE VIEW " + table + "_view AS SELECT id FROM " + table);
            DatabaseMetaData meta = connection.getMetaData();
            assertThat(meta.getDatabaseProductName()).isEqualTo("SQLite");
            String version;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT sqlite_version()")) {
                assertThat(rows.next()).isTrue();
                version = rows.getString(1);
            }
            assertThat(meta.getDatabaseProductVersion()).isEqualTo(version);
            assertThat(meta.getDatabaseMajorVersion()).isEqualTo(3);
            assertThat(meta.getDriverName()).isEqualTo("dqlite JDBC");
            assertThat(meta.getURL()).startsWith("jdbc:dqlite:");
            assertThat(meta.getUserName()).isNotNull();
            assertThat(meta.supportsBatchUpdates()).isTrue();
            assertThat(meta.supportsGetGeneratedKeys()).isTrue();
            assertThat(meta.supportsSavepoints()).isTrue();
            assertThat(meta.supportsTransactions()).isTrue();
            assertThat(meta.getIdentifierQuoteString()).isEqualTo("\"");
            assertThat(meta.getConnection()).isSameAs(connection);

            List<String> tables = new ArrayList<>();
            try (ResultSet rows = meta.getTables(null, null, table + "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME") + ":" + rows.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).containsExactly(table + ":TABLE", child + ":TABLE", table + "_view:VIEW");
            try (ResultSet rows = meta.getTables(null, null, table.toUpperCase(), new String[] {"TABLE"})) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("TABLE_NAME")).isEqualTo(table);
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = meta.getTables(null, null, "sqlite_%", null)) {
                assertThat(rows.next()).isFalse();
            }

            List<String> columns = new ArrayList<>();
            try (ResultSet rows = meta.getColumns(null, null, table, "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + ":" + rows.getInt("DATA_TYPE") + ":"
                            + rows.getString("TYPE_NAME") + ":" + rows.getInt("COLUMN_SIZE") + ":"
                            + rows.getString("IS_NULLABLE") + ":" + rows.getInt("ORDINAL_POSITION") + ":"
                            + rows.getString("IS_AUTOINCREMENT"));
                }
            }
            assertThat(columns).containsExactly(
                    "id:" + Types.INTEGER + ":INTEGER:2000000000:YES:1:YES",
                    "name:" + Types.VARCHAR + ":VARCHAR:40:NO:2:NO",
                    "price:" + Types.DECIMAL + ":DECIMAL:10:YES:3:NO",
                    "created:" + Types.TIMESTAMP + ":TIMESTAMP:2000000000:YES:4:NO");
            try (ResultSet rows = meta.getColumns(null, null, table, "pri%")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("COLUMN_DEF")).isEqualTo("0");
                assertThat(rows.getInt("DECIMAL_DIGITS")).isEqualTo(2);
                assertThat(rows.next()).isFalse();
            }

            List<String> keys = new ArrayList<>();
            try (ResultSet rows = meta.getPrimaryKeys(null, null, child)) {
                while (rows.next()) {
                    keys.add(rows.getString("COLUMN_NAME") + ":" + rows.getInt("KEY_SEQ"));
                }
            }
            assertThat(keys).containsExactly("a:2", "b:1");

            List<String> indexes = new ArrayList<>();
            try (ResultSet rows = meta.getIndexInfo(null, null, table, true, false)) {
                while (rows.next()) {
                    indexes.add(rows.getString("INDEX_NAME") + ":" + rows.getString("COLUMN_NAME") + ":"
                            + rows.getBoolean("NON_UNIQUE"));
                }
            }
            assertThat(indexes).containsExactly(table + "_name:name:false");

            try (ResultSet rows = meta.getImportedKeys(null, null, child)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("PKTABLE_NAME")).isEqualTo(table);
                assertThat(rows.getString("PKCOLUMN_NAME")).isEqualTo("id");
                assertThat(rows.getString("FKCOLUMN_NAME")).isEqualTo("parent_id");
                assertThat(rows.getInt("DELETE_RULE")).isEqualTo(DatabaseMetaData.importedKeyCascade);
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = meta.getExportedKeys(null, null, table)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("FKTABLE_NAME")).isEqualTo(child);
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = meta.getSchemas()) {
                assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("TABLE_SCHEM");
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = meta.getCatalogs()) {
                assertThat(rows.next()).isFalse();
            }
            List<String> types = new ArrayList<>();
            try (ResultSet rows = meta.getTableTypes()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
            assertThat(types).containsExactly("TABLE", "VIEW");
            try (ResultSet rows = meta.getTypeInfo()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("TYPE_NAME")).isNotEmpty();
            }
        }
    }

    @Test
    @Tag("core")
    void columnsOfAViewWhoseTableIsGoneAreLeftOut() throws SQLException {
        String table = table("gone");
        try (Connection connection = connect()) {
            execute(connection, "CREATE TABLE " + table + " (v INTEGER)");
            execute(connection, "CREATE TABLE " + table + "_kept (w INTEGER)");
            execute(connection, "CREATE VIEW " + table + "_view AS SELECT v FROM " + table);
            execute(connection, "DROP TABLE " + table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getColumns(null, null, table + "%", null)) {
                while (rows.next()) {
                    columns.add(rows.getString("TABLE_NAME") + "." + rows.getString("COLUMN_NAME"));
                }
            } finally {
                execute(connection, "DROP VIEW " + table + "_view");
            }
            assertThat(columns).containsExactly(table + "_kept.w");
        }
    }

    @Test
    void queryTimeoutInterruptsALongQueryAndTheConnectionStaysUsable() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (ResultSet rows = statement.executeQuery(longQuery())) {
                    rows.next();
                }
            }).isInstanceOf(SQLTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            statement.setQueryTimeout(0);
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void cancelStopsARunningQuery() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            Future<Object> running = executor.submit(() -> {
                try (ResultSet rows = statement.executeQuery(longQuery())) {
                    return rows.next();
                } catch (SQLException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Object outcome = null;
            while (outcome == null && System.nanoTime() < deadline) {
                statement.cancel();
                try {
                    outcome = running.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // the query has not started or not yet seen the interrupt; cancel again
                }
            }
            assertThat(outcome).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode() & 0xff).isEqualTo(9));
            try (Statement again = connection.createStatement(); ResultSet rows = again.executeQuery("SELECT 2")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static String longQuery() {
        return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)"
                + " SELECT count(*) FROM c";
    }

    @Test
    @Tag("core")
    void unsupportedFeaturesSaySo() throws SQLException {
        try (Connection connection = connect()) {
            assertThatThrownBy(() -> connection.prepareCall("CALL x()"))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
                    ResultSet.CONCUR_READ_ONLY)).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("Scrollable");
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThatThrownBy(rows::previous).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
                assertThatThrownBy(() -> rows.updateInt(1, 2))
                        .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            }
            assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
            assertThat(new String("ok".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("ok");
        }
    }
}
