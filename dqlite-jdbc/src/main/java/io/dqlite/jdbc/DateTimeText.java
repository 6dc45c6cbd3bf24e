package io.dqlite.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The ISO-8601 text in which the driver stores dates and times, the form SQLite's date functions
 * read: {@code yyyy-MM-dd}, {@code HH:mm:ss.SSS} and {@code yyyy-MM-dd HH:mm:ss.SSS}, with more
 * fraction digits only when the value has them, and an offset such as {@code Z} or {@code +02:00}
 * for values that carry one. Parsing also accepts {@code T} between date and time and times
 * without seconds.
 */
final class DateTimeText {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME_TO_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM:ss", "Z")
            .optionalEnd()
            .toFormatter();

    private DateTimeText() {
    }

    static String date(LocalDate date) {
        return DATE.format(date);
    }

    static String time(LocalTime time) {
        return TIME_TO_MILLIS.format(time) + extraFraction(time.getNano());
    }

    static String dateTime(LocalDateTime dateTime) {
        return date(dateTime.toLocalDate()) + " " + time(dateTime.toLocalTime());
    }

    static String dateTime(OffsetDateTime dateTime) {
        return dateTime(dateTime.toLocalDateTime()) + dateTime.getOffset().getId();
    }

    /**
     * Parses {@code text} into an {@link OffsetDateTime}, {@link LocalDateTime}, {@link LocalDate}
     * or {@link LocalTime}, whichever the text holds; returns null if it is no date or time.
     */
    static TemporalAccessor parse(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 10 && (trimmed.charAt(10) == 'T' || trimmed.charAt(10) == 't')) {
            trimmed = trimmed.substring(0, 10) + ' ' + trimmed.substring(11);
        }
        try {
            if (trimmed.length() > 2 && trimmed.charAt(2) == ':') {
                return LocalTime.parse(trimmed, DateTimeFormatter.ISO_LOCAL_TIME);
            }
            TemporalAccessor parsed = PARSER.parse(trimmed);
            boolean hasTime = parsed.isSupported(ChronoField.NANO_OF_DAY);
            boolean hasOffset = parsed.isSupported(ChronoField.OFFSET_SECONDS);
            if (hasTime && hasOffset) {
                return OffsetDateTime.from(parsed);
            }
            return hasTime ? LocalDateTime.from(parsed) : LocalDate.from(parsed);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Returns the fraction digits past milliseconds, without trailing zeros. */
    private static String extraFraction(int nanos) {
        int belowMillis = nanos % 1_000_000;
        if (belowMillis == 0) {
            return "";
        }
        String digits = String.format("%06d", belowMillis);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
