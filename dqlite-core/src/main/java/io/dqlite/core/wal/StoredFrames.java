package io.dqlite.core.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The frames of one commit whose pages lie in a file (a WAL, or a follower's spill of a split
 * transaction), each read only when asked for, so that a commit larger than the heap can pass
 * through without being held in memory.
 *
 * <p>Valid only while the file still holds those pages at those offsets: read the frames before
 * the file is written again. A failed read throws {@link UncheckedIOException}.
 */
public final class StoredFrames extends AbstractList<Frame> implements RandomAccess {

    private final FileChannel channel;
    private final int pageSize;
    private final int[] pageNumbers;
    private final long[] offsets;

    /**
     * Creates the frames whose {@code i}-th page, numbered {@code pageNumbers[i]}, is the
     * {@code pageSize} bytes at {@code offsets[i]} of {@code channel}.
     */
    public StoredFrames(FileChannel channel, int pageSize, int[] pageNumbers, long[] offsets) {
        if (pageNumbers.length != offsets.length) {
            throw new IllegalArgumentException(pageNumbers.length + " page numbers for " + offsets.length + " offsets");
        }
        this.channel = channel;
        this.pageSize = pageSize;
        this.pageNumbers = pageNumbers;
        this.offsets = offsets;
    }

    /** Returns the page size of every frame. */
    public int pageSize() {
        return pageSize;
    }

    @Override
    public Frame get(int index) {
        ByteBuffer page = ByteBuffer.allocate(pageSize);
        try {
            while (page.hasRemaining()) {
                if (channel.read(page, offsets[index] + page.position()) < 0) {
                    throw new IOException("the file ended before page " + pageNumbers[index] + " at offset "
                            + offsets[index]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a stored page failed", e);
        }
        return new Frame(pageNumbers[index], page.array());
    }

    @Override
    public int size() {
        return pageNumbers.length;
    }
}
