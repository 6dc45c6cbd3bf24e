package io.dqlite.core.server;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit node ids the wire protocol carries for this project's string ids: a decimal id is its
 * own number, any other id a stable hash of its text.
 */
public final class WireIds {

    private WireIds() {
    }

    /** Returns the wire id of node {@code id}. */
    public static long of(String id) {
        try {
            long number = Long.parseUnsignedLong(id);
            if (number != 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // not a number: hashed below
        }
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }
}
