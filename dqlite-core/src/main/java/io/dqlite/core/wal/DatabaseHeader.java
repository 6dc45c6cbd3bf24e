package io.dqlite.core.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the fields of a SQLite database file's 100-byte header that replication relies on. */
final class DatabaseHeader {

    static final int SIZE = 100;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseHeader() {
    }

    /**
     * Returns the page size recorded in the header of the file open on {@code channel}, or zero
     * when the file is empty.
     */
    static int readPageSize(FileChannel channel, Path file) throws IOException {
        if (channel.size() == 0) {
            return 0;
        }
        ByteBuffer header = ByteBuffer.allocate(SIZE);
        while (header.hasRemaining()) {
            if (channel.read(header, header.position()) < 0) {
                throw new WalFormatException(file + " is " + channel.size()
                        + " bytes long, shorter than a SQLite database header");
            }
        }
        return pageSize(header, file);
    }

    /** Returns the page size recorded in {@code header}, the first bytes of {@code file}. */
    static int pageSize(ByteBuffer header, Path file) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(i) != MAGIC[i]) {
                throw new WalFormatException(file + " is not a SQLite database: its header lacks the magic string");
            }
        }
        int raw = Short.toUnsignedInt(header.getShort(16));
        int pageSize = raw == 1 ? PageSize.MAX : raw;
        if (!PageSize.isValid(pageSize)) {
            throw new WalFormatException(file + " has an invalid page size " + raw + " in its header");
        }
        return pageSize;
    }
}
