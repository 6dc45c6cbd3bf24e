package io.dqlite.core.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeMap;

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

    /**
     * Returns one commit's worth of frames for several commits applied in order: each page once, at
     * its last image, in ascending page order. Frames in the same file stay there; otherwise they
     * are read into memory.
     */
    public static List<Frame> merge(List<List<Frame>> commits, int pageSize) {
        TreeMap<Integer, Frame> inMemory = new TreeMap<>();
        TreeMap<Integer, Long> inFile = new TreeMap<>();
        FileChannel channel = null;
        for (List<Frame> frames : commits) {
            if (frames instanceof StoredFrames stored && (channel == null || channel == stored.channel)
                    && inMemory.isEmpty()) {
                channel = stored.channel;
                for (int i = 0; i < stored.size(); i++) {
                    inFile.put(stored.pageNumbers[i], stored.offsets[i]);
                }
            } else {
                if (channel != null) {
                    for (Frame frame : new StoredFrames(channel, pageSize, numbers(inFile), offsets(inFile))) {
                        inMemory.put(frame.pageNumber(), frame);
                    }
                    inFile.clear();
                    channel = null;
                }
                for (Frame frame : frames) {
                    inMemory.put(frame.pageNumber(), frame);
                }
            }
        }
        if (channel != null) {
            return new StoredFrames(channel, pageSize, numbers(inFile), offsets(inFile));
        }
        return new ArrayList<>(inMemory.values());
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

    private static int[] numbers(Map<Integer, Long> pages) {
        return pages.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] offsets(Map<Integer, Long> pages) {
        return pages.values().stream().mapToLong(Long::longValue).toArray();
    }
}
