package io.dqlite.core.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SQLite's running WAL checksum: two 32-bit sums over 32-bit words read in the byte order
 * the WAL header's magic number names.
 */
final class WalChecksum {

    private final ByteOrder order;
    private int first;
    private int second;

    WalChecksum(ByteOrder order, int first, int second) {
        this.order = order;
        this.first = first;
        this.second = second;
    }

    /** Adds {@code length} bytes (a multiple of 8) of {@code bytes} from {@code offset}. */
    void update(byte[] bytes, int offset, int length) {
        ByteBuffer words = ByteBuffer.wrap(bytes).order(order);
        int s1 = first;
        int s2 = second;
        int end = offset + length;
        for (int i = offset; i < end; i += 8) {
            s1 += words.getInt(i) + s2;
            s2 += words.getInt(i + 4) + s1;
        }
        first = s1;
        second = s2;
    }

    boolean matches(int expectedFirst, int expectedSecond) {
        return first == expectedFirst && second == expectedSecond;
    }

    int first() {
        return first;
    }

    int second() {
        return second;
    }
}
