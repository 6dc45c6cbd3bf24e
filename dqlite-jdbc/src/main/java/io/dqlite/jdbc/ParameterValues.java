package io.dqlite.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.UUID;

/**
 * Turns the Java values an application binds into the values a session carries: {@code null},
 * {@link Long}, {@link Double}, {@link String}, {@code byte[]} or {@link Boolean}.
 *
 * <p>Dates and times become ISO-8601 text ({@link DateTimeText}); {@link BigDecimal} becomes text in
 * plain notation so that no digit is lost (a column with NUMERIC affinity stores it as a number when
 * SQLite can do so exactly); {@link UUID} and {@link Character} become text; streams, readers,
 * {@link Blob}s and {@link Clob}s are read whole.
 */
final class ParameterValues {

    private ParameterValues() {
    }

    /** Converts {@code value} for binding; a class the driver cannot store fails naming the class. */
    static Object of(Object value) throws SQLException {
        if (value == null || value instanceof Long || value instanceof Double || value instanceof String
                || value instanceof byte[] || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer.toString();
        }
        if (value instanceof Character || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof char[] chars) {
            return new String(chars);
        }
        Object dateTime = dateTime(value, null);
        if (dateTime != null) {
            return dateTime;
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, lengthOf(blob.length(), "Blob"));
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, lengthOf(clob.length(), "Clob"));
        }
        if (value instanceof InputStream stream) {
            return bytes(stream, -1);
        }
        if (value instanceof Reader reader) {
            return text(reader, -1);
        }
        throw new SQLException("Cannot bind a value of " + value.getClass().getName()
                + "; bind a number, String, byte[], Boolean, UUID or a date-time instead", "22023");
    }

    /**
     * Returns the ISO-8601 text for a date-time value, written in {@code calendar}'s time zone
     * when it is given and the value is an instant, or null if {@code value} is no date-time.
     */
    static String dateTime(Object value, Calendar calendar) {
        ZoneId zone = calendar == null ? ZoneId.systemDefault() : calendar.getTimeZone().toZoneId();
        if (value instanceof java.sql.Date date) {
            return DateTimeText.date(Instant.ofEpochMilli(date.getTime()).atZone(zone).toLocalDate());
        }
        if (value instanceof Time time) {
            return DateTimeText.time(Instant.ofEpochMilli(time.getTime()).atZone(zone).toLocalTime());
        }
        if (value instanceof Timestamp timestamp) {
            LocalDateTime local = timestamp.toInstant().atZone(zone).toLocalDateTime();
            return DateTimeText.dateTime(local);
        }
        if (value instanceof java.util.Date date) {
            return DateTimeText.dateTime(date.toInstant().atZone(zone).toLocalDateTime());
        }
        if (value instanceof Calendar given) {
            return DateTimeText.dateTime(given.toInstant().atZone(given.getTimeZone().toZoneId()).toLocalDateTime());
        }
        if (value instanceof LocalDate date) {
            return DateTimeText.date(date);
        }
        if (value instanceof LocalTime time) {
            return DateTimeText.time(time);
        }
        if (value instanceof LocalDateTime dateTime) {
            return DateTimeText.dateTime(dateTime);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return DateTimeText.dateTime(dateTime);
        }
        if (value instanceof ZonedDateTime dateTime) {
            return DateTimeText.dateTime(dateTime.toOffsetDateTime());
        }
        if (value instanceof Instant instant) {
            return DateTimeText.dateTime(instant.atOffset(ZoneOffset.UTC));
        }
        if (value instanceof OffsetTime time) {
            return DateTimeText.time(time.toLocalTime()) + time.getOffset().getId();
        }
        return null;
    }

    /** Reads {@code stream} to its end, or its first {@code length} bytes when length is not negative. */
    static byte[] bytes(InputStream stream, long length) throws SQLException {
        if (stream == null) {
            return null;
        }
        try {
            if (length < 0) {
                return stream.readAllBytes();
            }
            byte[] bytes = stream.readNBytes(lengthOf(length, "stream"));
            if (bytes.length < length) {
                throw new SQLException("The stream ended after " + bytes.length + " of the " + length
                        + " bytes it was said to hold", "22023");
            }
            return bytes;
        } catch (IOException e) {
            throw new SQLException("Cannot read the stream given as a parameter: " + e.getMessage(), "22023", e);
        }
    }

    /** Reads {@code reader} to its end, or its first {@code length} characters when length is not negative. */
    static String text(Reader reader, long length) throws SQLException {
        if (reader == null) {
            return null;
        }
        try {
            if (length < 0) {
                StringWriter writer = new StringWriter();
                reader.transferTo(writer);
                return writer.toString();
            }
            char[] chars = new char[lengthOf(length, "reader")];
            int read = 0;
            while (read < chars.length) {
                int n = reader.read(chars, read, chars.length - read);
                if (n < 0) {
                    throw new SQLException("The reader ended after " + read + " of the " + length
                            + " characters it was said to hold", "22023");
                }
                read += n;
            }
            return new String(chars);
        } catch (IOException e) {
            throw new SQLException("Cannot read the reader given as a parameter: " + e.getMessage(), "22023", e);
        }
    }

    private static int lengthOf(long length, String what) throws SQLException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new SQLException("A " + what + " of " + length + " is too large to bind (at most 2 GiB)", "22001");
        }
        return (int) length;
    }
}
