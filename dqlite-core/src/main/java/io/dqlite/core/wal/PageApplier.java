package io.dqlite.core.wal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes committed transactions' pages into a database file that SQLite does not have open.
 *
 * <p>After each {@link #apply(WalCommit)} the file is byte for byte what the leader's file is
 * after a full checkpoint of the same commit.
 */
public final class PageApplier implements Closeable {

    private final Path databaseFile;
    private final FileChannel channel;
    private int pageSize;

    /** Opens (creating it if absent) the database file {@code databaseFile} for applying pages. */
    public PageApplier(Path databaseFile) throws IOException {
        this.databaseFile = databaseFile;
        this.channel = FileChannel.open(databaseFile,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.pageSize = DatabaseHeader.readPageSize(channel, databaseFile);
    }

    /**
     * Writes every page of {@code commit} at its place, and each of its deltas over the page's
     * image in the file, and sets the file's length to the committed size.
     *
     * @throws WalFormatException if the commit's page size differs from the file's, which only a
     *     resynchronisation from a snapshot can repair
     */
    public void apply(WalCommit commit) throws IOException {
        if (pageSize != 0 && commit.pageSize() != pageSize) {
            throw new WalFormatException("commit has page size " + commit.pageSize() + " but " + databaseFile
                    + " has page size " + pageSize + "; the file must be resynchronised from a snapshot");
        }
        long length = Math.multiplyExact(commit.databasePages(), (long) commit.pageSize());
        try {
            for (Frame frame : commit.frames()) {
                long position = (long) (frame.pageNumber() - 1) * commit.pageSize();
                if (position < length) {
                    writeFully(ByteBuffer.wrap(frame.page()), position);
                }
            }
            // the file holds each delta's base: the image of the page the log carried last
            for (PageDelta delta : commit.deltas()) {
                long position = (long) (delta.pageNumber() - 1) * commit.pageSize();
                if (position < length) {
                    for (PageDelta.Run run : delta.runs()) {
                        writeFully(ByteBuffer.wrap(run.bytes()), position + run.offset());
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (channel.size() > length) {
            channel.truncate(length);
        }
        pageSize = commit.pageSize();
    }

    /** Returns the current length of the database file in bytes. */
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }
}
