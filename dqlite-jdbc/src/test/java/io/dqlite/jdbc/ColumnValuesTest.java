package io.dqlite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.session.ValueType;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void readsIsoTextWithSpaceOrTAndOptionalSecondsAndOffset() throws SQLException {
        assertThat(ColumnValues.timestamp("2024-01-02 03:04:05.678", ValueType.TEXT, UTC, "c").toInstant())
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(ColumnValues.timestamp("2024-01-02T03:04", ValueType.ISO8601, UTC, "c").toInstant())
                .isEqualTo(Instant.parse("2024-01-02T03:04:00Z"));
        assertThat(ColumnValues.timestamp("2024-01-02 03:04:05+02:00", ValueType.TEXT, UTC, "c").toInstant())
                .isEqualTo(Instant.parse("2024-01-02T01:04:05Z"));
        assertThat(ColumnValues.timestamp("2024-01-02", ValueType.TEXT, UTC, "c").toInstant())
                .isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(ColumnValues.as("12:30:15.5", ValueType.TEXT, LocalTime.class, "c"))
                .isEqualTo(LocalTime.of(12, 30, 15, 500_000_000));
    }

    @Test
    void readsIntegersAsMillisUnixTimeAsSecondsAndRealsAsJulianDays() throws SQLException {
        assertThat(ColumnValues.timestamp(1_000L, ValueType.INTEGER, UTC, "c").toInstant())
                .isEqualTo(Instant.ofEpochSecond(1));
        assertThat(ColumnValues.timestamp(1_000L, ValueType.UNIXTIME, UTC, "c").toInstant())
                .isEqualTo(Instant.ofEpochSecond(1_000));
        assertThat(ColumnValues.timestamp(2440588.0, ValueType.FLOAT, UTC, "c").toInstant())
                .isEqualTo(Instant.parse("1970-01-02T00:00:00Z").minusSeconds(12 * 3600));
    }

    @Test
    void readsTextInTheGivenZone() throws SQLException {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertThat(ColumnValues.timestamp("2024-01-02 09:00:00", ValueType.TEXT, tokyo, "c").toInstant())
                .isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(ColumnValues.date("2024-01-02 23:00:00", ValueType.TEXT, tokyo, "c").getTime())
                .isEqualTo(LocalDate.of(2024, 1, 2).atStartOfDay(tokyo).toInstant().toEpochMilli());
    }

    @Test
    void convertsToJavaTimeTypes() throws SQLException {
        assertThat(ColumnValues.as("2024-05-06 07:08:09.010", ValueType.TEXT, LocalDateTime.class, "c"))
                .isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 10_000_000));
        assertThat(ColumnValues.as("2024-05-06 07:08:09Z", ValueType.TEXT, OffsetDateTime.class, "c"))
                .isEqualTo(OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.UTC));
        assertThat(ColumnValues.as("2024-05-06", ValueType.TEXT, LocalDate.class, "c")).isEqualTo(LocalDate.of(2024, 5, 6));
    }

    @Test
    void refusesWhatIsNoDateNamingTheColumn() {
        assertThatThrownBy(() -> ColumnValues.timestamp("soon", ValueType.TEXT, UTC, "column 2 ('due')"))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("'soon'").hasMessageContaining("'due'");
        assertThatThrownBy(() -> ColumnValues.timestamp(new byte[3], ValueType.BLOB, UTC, "c"))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("BLOB of 3 bytes");
    }

    @Test
    void convertsNumbersStrictlyAndTextLeniently() throws SQLException {
        assertThat(ColumnValues.longValue("  42 ", "c")).isEqualTo(42);
        assertThat(ColumnValues.longValue("4.9", "c")).isEqualTo(4);
        assertThat(ColumnValues.longValue(-4.9, "c")).isEqualTo(-4);
        assertThat(ColumnValues.intValue(Integer.MIN_VALUE + 0L, "c")).isEqualTo(Integer.MIN_VALUE);
        assertThat(ColumnValues.booleanValue("true", "c")).isTrue();
        assertThat(ColumnValues.booleanValue("0", "c")).isFalse();
        assertThat(ColumnValues.booleanValue(2L, "c")).isTrue();
        assertThatThrownBy(() -> ColumnValues.longValue("abc", "c")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> ColumnValues.longValue(1e30, "c")).hasMessageContaining("does not fit a long");
        assertThatThrownBy(() -> ColumnValues.shortValue(70_000L, "c")).hasMessageContaining("does not fit a short");
        assertThatThrownBy(() -> ColumnValues.bigDecimal(Double.NaN, "c")).hasMessageContaining("BigDecimal");
    }

    @Test
    void writesAndReadsTheSameText() throws SQLException {
        LocalDateTime value = LocalDateTime.of(2000, 2, 29, 23, 59, 59, 123_400_000);
        String text = ParameterValues.dateTime(value, null);

        assertThat(text).isEqualTo("2000-02-29 23:59:59.1234");
        assertThat(ColumnValues.as(text, ValueType.TEXT, LocalDateTime.class, "c")).isEqualTo(value);
    }
}
