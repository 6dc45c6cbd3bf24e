package io.dqlite.jdbc.session;

/**
 * The types a value has on the dqlite wire, with their codes: SQLite's five storage classes and
 * the three that dqlite derives from a column's declared type.
 */
public enum ValueType {
    /** A 64-bit signed integer, carried as {@link Long}. */
    INTEGER(1),
    /** A 64-bit float, carried as {@link Double}. */
    FLOAT(2),
    /** UTF-8 text, carried as {@link String}. */
    TEXT(3),
    /** Bytes, carried as {@code byte[]}. */
    BLOB(4),
    /** SQL NULL, carried as {@code null}. */
    NULL(5),
    /** Seconds since 1970 in a column declared as a date or time, carried as {@link Long}. */
    UNIXTIME(9),
    /** Text in a column declared DATETIME, DATE or TIMESTAMP, carried as {@link String}. */
    ISO8601(10),
    /** An integer in a column declared BOOLEAN, carried as {@link Boolean}. */
    BOOLEAN(11);

    private final int code;

    ValueType(int code) {
        this.code = code;
    }

    /** Returns the type's code on the wire. */
    public int code() {
        return code;
    }

    /** Returns the type with wire code {@code code}, or null if there is none. */
    public static ValueType ofCode(int code) {
        for (ValueType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
