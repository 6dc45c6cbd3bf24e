package io.dqlite.core.entry;

import java.nio.charset.StandardCharsets;

/** The rule for database names carried in log entries: 1 to 255 bytes of UTF-8, no NUL. */
final class EntryNames {

    static final int MAX_BYTES = 255;

    private EntryNames() {
    }

    static void check(String database) {
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("database name must not be empty");
        }
        if (database.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("database name must not contain NUL");
        }
        if (database.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("database name is longer than " + MAX_BYTES + " bytes of UTF-8");
        }
    }
}
