package io.dqlite.jdbc;

import io.dqlite.jdbc.session.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.util.UUID;

/**
 * Converts the values of a result's columns ({@code null}, {@link Long}, {@link Double},
 * {@link String}, {@code byte[]} or {@link Boolean}) into the Java types the getters promise.
 *
 * <p>Dates and times are read from ISO-8601 text, from integers that are seconds since 1970 when
 * the wire type is {@link ValueType#UNIXTIME} and milliseconds since 1970 otherwise (as sqlite-jdbc
 * stores them by default), and from reals that are Julian day numbers (SQLite's {@code julianday}).
 * Text without an offset is read in the given calendar's time zone, or the JVM's default one.
 * Numbers that do not fit the requested type fail rather than wrap.
 */
final class ColumnValues {

    private static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private ColumnValues() {
    }

    static String string(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }

    static long longValue(Object value, String column) throws SQLException {
        if (value == null) {
            return 0;
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        if (value instanceof Double number) {
            return doubleToLong(number, column);
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                return doubleToLong(parseDouble(text, column), column);
            }
        }
        throw notConvertible(value, "a number", column);
    }

    static int intValue(Object value, String column) throws SQLException {
        long number = longValue(value, column);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw outOfRange(number, "an int", column);
        }
        return (int) number;
    }

    static short shortValue(Object value, String column) throws SQLException {
        long number = longValue(value, column);
        if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
            throw outOfRange(number, "a short", column);
        }
        return (short) number;
    }

    static byte byteValue(Object value, String column) throws SQLException {
        long number = longValue(value, column);
        if (number < Byte.MIN_VALUE || number > Byte.MAX_VALUE) {
            throw outOfRange(number, "a byte", column);
        }
        return (byte) number;
    }

    static double doubleValue(Object value, String column) throws SQLException {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        if (value instanceof String text) {
            return parseDouble(text, column);
        }
        throw notConvertible(value, "a number", column);
    }

    static boolean booleanValue(Object value, String column) throws SQLException {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            String word = text.strip();
            if (word.equalsIgnoreCase("true")) {
                return true;
            }
            if (word.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return doubleValue(value, column) != 0;
    }

    static byte[] bytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    static BigDecimal bigDecimal(Object value, String column) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof Long number) {
            return BigDecimal.valueOf(number);
        }
        if (value instanceof Boolean flag) {
            return flag ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw outOfRange(number, "a BigDecimal", column);
            }
            return BigDecimal.valueOf(number);
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw notConvertible(value, "a decimal number", column);
            }
        }
        throw notConvertible(value, "a decimal number", column);
    }

    static Timestamp timestamp(Object value, ValueType type, ZoneId zone, String column) throws SQLException {
        return value == null ? null : Timestamp.from(instant(temporal(value, type, column), zone));
    }

    static Date date(Object value, ValueType type, ZoneId zone, String column) throws SQLException {
        if (value == null) {
            return null;
        }
        LocalDate date = localDateTime(temporal(value, type, column), zone).toLocalDate();
        return new Date(date.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    static Time time(Object value, ValueType type, ZoneId zone, String column) throws SQLException {
        if (value == null) {
            return null;
        }
        LocalTime time = localDateTime(temporal(value, type, column), zone).toLocalTime();
        return new Time(LocalDate.EPOCH.atTime(time).atZone(zone).toInstant().toEpochMilli());
    }

    /** Converts {@code value} to {@code target}, one of the classes {@code getObject(int, Class)} supports. */
    static <T> T as(Object value, ValueType type, Class<T> target, String column) throws SQLException {
        if (value == null) {
            return null;
        }
        ZoneId zone = ZoneId.systemDefault();
        Object result;
        if (target == Object.class || target.isInstance(value)) {
            result = value;
        } else if (target == String.class) {
            result = string(value);
        } else if (target == Long.class) {
            result = longValue(value, column);
        } else if (target == Integer.class) {
            result = intValue(value, column);
        } else if (target == Short.class) {
            result = shortValue(value, column);
        } else if (target == Byte.class) {
            result = byteValue(value, column);
        } else if (target == Double.class) {
            result = doubleValue(value, column);
        } else if (target == Float.class) {
            result = (float) doubleValue(value, column);
        } else if (target == Boolean.class) {
            result = booleanValue(value, column);
        } else if (target == BigDecimal.class) {
            result = bigDecimal(value, column);
        } else if (target == BigInteger.class) {
            result = bigDecimal(value, column).toBigInteger();
        } else if (target == byte[].class) {
            result = bytes(value);
        } else if (target == UUID.class) {
            result = uuid(value, column);
        } else if (target == Timestamp.class) {
            result = timestamp(value, type, zone, column);
        } else if (target == Date.class) {
            result = date(value, type, zone, column);
        } else if (target == Time.class) {
            result = time(value, type, zone, column);
        } else if (target == java.util.Date.class) {
            result = new java.util.Date(timestamp(value, type, zone, column).getTime());
        } else if (target == Instant.class) {
            result = instant(temporal(value, type, column), zone);
        } else if (target == LocalDateTime.class) {
            result = localDateTime(temporal(value, type, column), zone);
        } else if (target == LocalDate.class) {
            result = localDateTime(temporal(value, type, column), zone).toLocalDate();
        } else if (target == LocalTime.class) {
            result = localDateTime(temporal(value, type, column), zone).toLocalTime();
        } else if (target == OffsetDateTime.class) {
            TemporalAccessor temporal = temporal(value, type, column);
            result = temporal instanceof OffsetDateTime offset ? offset : instant(temporal, zone).atZone(zone)
                    .toOffsetDateTime();
        } else {
            throw new SQLDataException("getObject cannot convert " + column + " to " + target.getName(), "22018");
        }
        return target.cast(result);
    }

    private static UUID uuid(Object value, String column) throws SQLException {
        try {
            return UUID.fromString(string(value).strip());
        } catch (IllegalArgumentException e) {
            throw notConvertible(value, "a UUID", column);
        }
    }

    private static TemporalAccessor temporal(Object value, ValueType type, String column) throws SQLException {
        if (value instanceof String text) {
            TemporalAccessor parsed = DateTimeText.parse(text);
            if (parsed == null) {
                throw notConvertible(value, "an ISO-8601 date or time", column);
            }
            return parsed;
        }
        if (value instanceof Long number) {
            return type == ValueType.UNIXTIME ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
        }
        if (value instanceof Double julianDay) {
            return Instant.ofEpochMilli(Math.round((julianDay - UNIX_EPOCH_JULIAN_DAY) * MILLIS_PER_DAY));
        }
        throw notConvertible(value, "a date or time", column);
    }

    private static Instant instant(TemporalAccessor temporal, ZoneId zone) {
        if (temporal instanceof Instant instant) {
            return instant;
        }
        if (temporal instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return localDateTime(temporal, zone).atZone(zone).toInstant();
    }

    private static LocalDateTime localDateTime(TemporalAccessor temporal, ZoneId zone) {
        if (temporal instanceof LocalDateTime local) {
            return local;
        }
        if (temporal instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        if (temporal instanceof LocalTime time) {
            return LocalDate.EPOCH.atTime(time);
        }
        return instant(temporal, zone).atZone(zone).toLocalDateTime();
    }

    private static long doubleToLong(double number, String column) throws SQLException {
        if (Double.isNaN(number) || number < -0x1p63 || number >= 0x1p63) {
            throw outOfRange(number, "a long", column);
        }
        return (long) number;
    }

    private static double parseDouble(String text, String column) throws SQLException {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw notConvertible(text, "a number", column);
        }
    }

    private static SQLException notConvertible(Object value, String wanted, String column) {
        String shown = value instanceof byte[] bytes ? "a BLOB of " + bytes.length + " bytes" : "'" + value + "'";
        return new SQLDataException("The value " + shown + " of " + column + " is not " + wanted, "22018");
    }

    private static SQLException outOfRange(Object number, String wanted, String column) {
        return new SQLDataException("The value " + number + " of " + column + " does not fit " + wanted, "22003");
    }
}
