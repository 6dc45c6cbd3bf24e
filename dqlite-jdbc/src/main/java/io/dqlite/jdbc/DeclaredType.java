package io.dqlite.jdbc;

import java.sql.Types;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's declared type as written in CREATE TABLE, such as {@code VARCHAR(255)} or
 * {@code DECIMAL(10,2)}, and the JDBC type it stands for, chosen by SQLite's affinity rules with
 * the common date, time and boolean names told apart.
 *
 * @param name the type name without its size, in upper case; {@code BLOB} when none was declared
 * @param jdbcType the {@link Types} constant
 * @param size the first number in parentheses, or 2,000,000,000 (SQLite's length limit) if none
 * @param scale the second number in parentheses, or null
 */
record DeclaredType(String name, int jdbcType, long size, Long scale) {

    private static final Pattern SIZES = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final long UNLIMITED = 2_000_000_000L;

    static DeclaredType of(String declared) {
        String upper = declared == null ? "" : declared.toUpperCase(Locale.ROOT).strip();
        Matcher sizes = SIZES.matcher(upper);
        long size = UNLIMITED;
        Long scale = null;
        String name = upper;
        if (sizes.find()) {
            size = Long.parseLong(sizes.group(1));
            scale = sizes.group(2) == null ? null : Long.valueOf(sizes.group(2));
            name = upper.substring(0, sizes.start()).strip();
        }
        if (name.isEmpty()) {
            name = "BLOB";
        }
        return new DeclaredType(name, jdbcType(name), size, scale);
    }

    private static int jdbcType(String name) {
        if (name.contains("BOOL")) {
            return Types.BOOLEAN;
        }
        if (name.contains("INT")) {
            if (name.startsWith("BIGINT")) {
                return Types.BIGINT;
            }
            if (name.startsWith("TINYINT")) {
                return Types.TINYINT;
            }
            return name.startsWith("SMALLINT") ? Types.SMALLINT : Types.INTEGER;
        }
        if (name.contains("CLOB")) {
            return Types.CLOB;
        }
        if (name.contains("CHAR") || name.contains("TEXT")) {
            return Types.VARCHAR;
        }
        if (name.contains("BLOB")) {
            return Types.BLOB;
        }
        if (name.contains("REAL")) {
            return Types.REAL;
        }
        if (name.contains("FLOA")) {
            return Types.FLOAT;
        }
        if (name.contains("DOUB")) {
            return Types.DOUBLE;
        }
        if (name.startsWith("DEC")) {
            return Types.DECIMAL;
        }
        if (name.contains("DATETIME") || name.contains("TIMESTAMP")) {
            return Types.TIMESTAMP;
        }
        if (name.contains("DATE")) {
            return Types.DATE;
        }
        return name.contains("TIME") ? Types.TIME : Types.NUMERIC;
    }
}
