package io.dqlite.core.replication;

import io.dqlite.core.entry.TransactionPart;
import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images of the pages a leader's database last put in the log, most recently sent first, so
 * that the next change of such a page travels as a {@link PageDelta} against the image every
 * node applied before it.
 *
 * <p>Why every follower holds the image a delta is made against: the log is applied in order and
 * a transaction of one entry is always applied; the images kept are those of entries appended to
 * the log in the order they are taken here; a page a transaction cut off the end of the file is
 * forgotten, so its next change is a whole page; and the leader's copy (with this object) is
 * rebuilt whenever an entry might be missing from the log. A transaction of several parts, which
 * followers may discard, is sent as whole pages and makes everything forgotten.
 */
final class SentPages {

    /** The most page bytes kept per database: 16 MiB, the hot pages of a busy table and its indexes. */
    static final long MAX_BYTES = 16L << 20;

    private final long maxBytes;
    private int maxPages = 1;
    private final Map<Integer, byte[]> images;
    /** The database's size in pages after the last transaction taken; a smaller one cut pages off. */
    private long databasePages = Long.MAX_VALUE;

    /** Creates an empty record that keeps at most {@code maxBytes} of page images. */
    SentPages(long maxBytes) {
        this.maxBytes = maxBytes;
        this.images = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
                return size() > maxPages;
            }
        };
    }

    /**
     * Returns {@code part}, the only part of its transaction and about to be appended to the log,
     * with each page whose previous image was sent and whose delta is less than half a page
     * carried as that delta, and remembers the new images.
     */
    TransactionPart shrink(TransactionPart part) {
        if (part.index() != 0 || !part.last() || !part.deltas().isEmpty()) {
            throw new IllegalArgumentException("only a transaction's sole part of whole pages can carry deltas");
        }
        maxPages = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxBytes / part.pageSize()));
        List<Frame> whole = new ArrayList<>(part.frames().size());
        List<PageDelta> deltas = new ArrayList<>();
        for (Frame frame : part.frames()) {
            byte[] base = images.get(frame.pageNumber());
            PageDelta delta = null;
            if (base != null && base.length == frame.page().length) {
                delta = PageDelta.between(frame.pageNumber(), base, frame.page());
                if (delta.encodedSize() * 2 >= part.pageSize()) {
                    delta = null;
                }
            }
            if (delta == null) {
                whole.add(frame);
            } else {
                deltas.add(delta);
            }
            // a page beyond the committed size is not written by followers: its image is not theirs
            if (frame.pageNumber() <= part.databasePages()) {
                images.put(frame.pageNumber(), frame.page());
            } else {
                images.remove(frame.pageNumber());
            }
        }
        if (part.databasePages() < databasePages) {
            images.keySet().removeIf(page -> page > part.databasePages());
        }
        databasePages = part.databasePages();
        return new TransactionPart(part.database(), part.transactionId(), 0, true, part.pageSize(),
                part.databasePages(), whole, deltas);
    }

    /** Forgets every image: the next change of any page is sent whole. */
    void forget() {
        images.clear();
        databasePages = Long.MAX_VALUE;
    }
}
