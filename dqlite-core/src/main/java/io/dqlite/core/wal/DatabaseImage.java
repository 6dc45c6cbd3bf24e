package io.dqlite.core.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole database file as one commit of all its pages, e.g. to ship a new database. */
public final class DatabaseImage {

    private DatabaseImage() {
    }

    /**
     * Returns every page of {@code databaseFile} as one commit.
     *
     * <p>Call only while SQLite does not have the file open: closing the channel this opens would
     * drop the process's POSIX locks on the file.
     *
     * @throws WalFormatException if the file is not a whole number of pages of a SQLite database
     */
    public static WalCommit read(Path databaseFile) throws IOException {
        try (FileChannel channel = FileChannel.open(databaseFile, StandardOpenOption.READ)) {
            int pageSize = DatabaseHeader.readPageSize(channel, databaseFile);
            long size = channel.size();
            if (pageSize == 0) {
                throw new WalFormatException(databaseFile + " is empty; there is no database to read");
            }
            if (size % pageSize != 0) {
                throw new WalFormatException(databaseFile + " is " + size
                        + " bytes long, not a whole number of " + pageSize + "-byte pages");
            }
            long pages = size / pageSize;
            List<Frame> frames = new ArrayList<>();
            for (int number = 1; number <= pages; number++) {
                ByteBuffer page = ByteBuffer.allocate(pageSize);
                long position = (long) (number - 1) * pageSize;
                while (page.hasRemaining()) {
                    if (channel.read(page, position + page.position()) < 0) {
                        throw new WalFormatException(databaseFile + " shrank while it was read");
                    }
                }
                frames.add(new Frame(number, page.array()));
            }
            return new WalCommit(pageSize, frames, pages);
        }
    }
}
