package io.dqlite.core.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 32-byte header of a {@code -wal} file, as SQLite's documented WAL format defines it.
 *
 * @param checksumOrder the byte order of the words the checksums sum
 * @param pageSize the database page size
 * @param salt1 the first salt; frames of this WAL generation repeat it
 * @param salt2 the second salt; frames of this WAL generation repeat it
 * @param checksum1 the header's first checksum, which seeds the first frame's
 * @param checksum2 the header's second checksum, which seeds the first frame's
 */
record WalHeader(ByteOrder checksumOrder, int pageSize, int salt1, int salt2, int checksum1, int checksum2) {

    static final int SIZE = 32;
    private static final int MAGIC_LITTLE_ENDIAN = 0x377f0682;
    private static final int MAGIC_BIG_ENDIAN = 0x377f0683;
    private static final int FORMAT_VERSION = 3007000;

    /** Parses and verifies a header; throws {@link WalFormatException} naming what is wrong. */
    static WalHeader parse(byte[] bytes) {
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, SIZE);
        int magic = header.getInt(0);
        ByteOrder order;
        if (magic == MAGIC_LITTLE_ENDIAN) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (magic == MAGIC_BIG_ENDIAN) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new WalFormatException(String.format("WAL header has magic 0x%08x, not a SQLite WAL", magic));
        }
        int version = header.getInt(4);
        if (version != FORMAT_VERSION) {
            throw new WalFormatException("WAL format version " + version + " is not supported");
        }
        int pageSize = header.getInt(8);
        if (!PageSize.isValid(pageSize)) {
            throw new WalFormatException("WAL header names an invalid page size " + pageSize);
        }
        WalChecksum checksum = new WalChecksum(order, 0, 0);
        checksum.update(bytes, 0, 24);
        int checksum1 = header.getInt(24);
        int checksum2 = header.getInt(28);
        if (!checksum.matches(checksum1, checksum2)) {
            throw new WalFormatException("WAL header checksum does not match its contents");
        }
        return new WalHeader(order, pageSize, header.getInt(16), header.getInt(20), checksum1, checksum2);
    }

    static int salt1(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt(16);
    }

    static int salt2(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt(20);
    }

    boolean sameGeneration(byte[] headerBytes) {
        return salt1(headerBytes) == salt1 && salt2(headerBytes) == salt2;
    }

    int frameSize() {
        return WalFrameHeader.SIZE + pageSize;
    }
}
