package io.dqlite.core.entry;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageSize;
import io.dqlite.core.wal.WalCommit;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/** Cuts a committed transaction into ordered parts, none of which encodes larger than a limit. */
public final class EntrySplitter {

    /** The default largest encoded entry: 1 MiB, well under Ratis' 4 MB appender buffer. */
    public static final int DEFAULT_MAX_ENTRY_BYTES = 1 << 20;

    /** The smallest allowed limit: one entry must hold one 64 KiB page of a database with a 255-byte name. */
    public static final int MIN_MAX_ENTRY_BYTES =
            (int) EntryCodec.partSize("x".repeat(EntryNames.MAX_BYTES), 1, PageSize.MAX);

    private final int maxEntryBytes;

    /** Creates a splitter whose parts encode to at most {@code maxEntryBytes} bytes each. */
    public EntrySplitter(int maxEntryBytes) {
        this.maxEntryBytes = requireValidLimit(maxEntryBytes);
    }

    /** Returns {@code maxEntryBytes} if a splitter can work with it, else throws naming the minimum. */
    public static int requireValidLimit(int maxEntryBytes) {
        if (maxEntryBytes < MIN_MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("maximum entry size " + maxEntryBytes
                    + " bytes cannot hold one 64 KiB page; use at least " + MIN_MAX_ENTRY_BYTES);
        }
        return maxEntryBytes;
    }

    /**
     * Returns the parts of {@code commit}, in the order followers must receive them. Each part is
     * made, and its pages read, only when the list is asked for it, so a commit whose pages lie in
     * a file is never held in memory whole.
     */
    public List<TransactionPart> split(String database, long transactionId, WalCommit commit) {
        long emptyPart = EntryCodec.partSize(database, 0, commit.pageSize());
        long perFrame = EntryCodec.partSize(database, 1, commit.pageSize()) - emptyPart;
        int framesPerPart = (int) ((maxEntryBytes - emptyPart) / perFrame);
        List<Frame> frames = commit.frames();
        int partCount = Math.max(1, (frames.size() + framesPerPart - 1) / framesPerPart);
        return new AbstractList<>() {
            @Override
            public TransactionPart get(int index) {
                Objects.checkIndex(index, partCount);
                boolean last = index == partCount - 1;
                List<Frame> slice = frames.subList(index * framesPerPart,
                        Math.min(frames.size(), (index + 1) * framesPerPart));
                return new TransactionPart(database, transactionId, index, last, commit.pageSize(),
                        last ? commit.databasePages() : 0, slice);
            }

            @Override
            public int size() {
                return partCount;
            }
        };
    }

    /** Returns the largest encoded size of a part this splitter makes. */
    public int maxEntryBytes() {
        return maxEntryBytes;
    }
}
