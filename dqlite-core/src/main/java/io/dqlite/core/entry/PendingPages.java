package io.dqlite.core.entry;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.StoredFrames;
import io.dqlite.core.wal.WalCommit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of an unfinished split transaction, kept in a file instead of the heap until its last
 * part arrives, so a transaction larger than the heap can be assembled. The file is scratch: it
 * is emptied after each transaction and deleted on close, and never outlives the process's need.
 */
final class PendingPages implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PendingPages.class);

    private final Path file;
    private FileChannel channel;
    private int[] pageNumbers = new int[64];
    private int count;
    private int pageSize;

    /** Creates pending pages that spill into {@code file}, which is created when first needed. */
    PendingPages(Path file) {
        this.file = file;
    }

    /** Appends the pages of {@code frames}, each {@code pageSize} bytes long. */
    void add(List<Frame> frames, int pageSize) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        this.pageSize = pageSize;
        for (Frame frame : frames) {
            if (count == pageNumbers.length) {
                pageNumbers = Arrays.copyOf(pageNumbers, count * 2);
            }
            ByteBuffer page = ByteBuffer.wrap(frame.page());
            long position = (long) count * pageSize;
            while (page.hasRemaining()) {
                channel.write(page, position + page.position());
            }
            pageNumbers[count++] = frame.pageNumber();
        }
    }

    /**
     * Returns the commit of every page added, read back from the file as it is iterated: apply it
     * before the next {@link #clear()} or {@link #add}.
     */
    WalCommit commit(long databasePages) {
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = (long) i * pageSize;
        }
        return new WalCommit(pageSize, new StoredFrames(channel, pageSize, Arrays.copyOf(pageNumbers, count), offsets),
                databasePages);
    }

    /** Forgets every page added and gives the file's space back. */
    void clear() {
        count = 0;
        if (channel != null) {
            try {
                channel.truncate(0);
            } catch (IOException e) {
                // pages are found by count, not by the file's length: the space waits for the next clear
                log.warn("Could not empty the spill file {}: {}", file, e.getMessage());
            }
        }
    }

    /** Returns how many pages are held. */
    int size() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        Files.deleteIfExists(file);
    }
}
