package io.dqlite.core.wal;

import java.nio.ByteBuffer;

/** Reads the fields of the 24-byte header that precedes each page in a {@code -wal} file. */
final class WalFrameHeader {

    static final int SIZE = 24;

    private WalFrameHeader() {
    }

    static int pageNumber(ByteBuffer frame) {
        return frame.getInt(0);
    }

    /** The database size in pages after commit for a commit frame, zero for any other frame. */
    static int commitSize(ByteBuffer frame) {
        return frame.getInt(4);
    }

    static int salt1(ByteBuffer frame) {
        return frame.getInt(8);
    }

    static int salt2(ByteBuffer frame) {
        return frame.getInt(12);
    }

    static int checksum1(ByteBuffer frame) {
        return frame.getInt(16);
    }

    static int checksum2(ByteBuffer frame) {
        return frame.getInt(20);
    }
}
