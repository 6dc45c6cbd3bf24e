package io.dqlite.core.entry;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageDelta;
import io.dqlite.core.wal.PageSize;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One part of a committed transaction's pages; a follower applies the transaction once its last
 * part arrives.
 *
 * @param database the name of the database the transaction wrote
 * @param transactionId the id shared by all parts of the transaction
 * @param index the part's 0-based position in the transaction
 * @param last whether this is the transaction's final part
 * @param pageSize the database's page size in bytes
 * @param databasePages the database's size in pages after commit; set on the last part, zero on others
 * @param frames the pages this part carries whole
 * @param deltas the pages this part carries as changes to the image every node applied before; only a
 *     transaction's sole part carries them, since followers may discard a transaction of several parts
 */
public record TransactionPart(String database, long transactionId, int index, boolean last, int pageSize,
        long databasePages, List<Frame> frames, List<PageDelta> deltas) implements DatabaseEntry {

    public TransactionPart {
        EntryNames.check(database);
        if (index < 0) {
            throw new IllegalArgumentException("part index must not be negative, was " + index);
        }
        if (!PageSize.isValid(pageSize)) {
            throw new IllegalArgumentException("invalid page size " + pageSize);
        }
        if (last ? databasePages < 1 : databasePages != 0) {
            throw new IllegalArgumentException("the database size after commit is carried by the last part only");
        }
        frames = List.copyOf(frames);
        deltas = List.copyOf(deltas);
        for (Frame frame : frames) {
            if (frame.page().length != pageSize) {
                throw new IllegalArgumentException("page " + frame.pageNumber() + " holds "
                        + frame.page().length + " bytes, not the page size " + pageSize);
            }
        }
        if (!deltas.isEmpty()) {
            requireDistinctPagesOfSolePart(index, last, pageSize, frames, deltas);
        }
    }

    /** Creates a part that carries every page whole. */
    public TransactionPart(String database, long transactionId, int index, boolean last, int pageSize,
            long databasePages, List<Frame> frames) {
        this(database, transactionId, index, last, pageSize, databasePages, frames, List.of());
    }

    private static void requireDistinctPagesOfSolePart(int index, boolean last, int pageSize, List<Frame> frames,
            List<PageDelta> deltas) {
        if (index != 0 || !last) {
            throw new IllegalArgumentException("part " + index + (last ? " (last)" : "") + " carries page deltas,"
                    + " which only a transaction's sole part may");
        }
        Set<Integer> pages = new HashSet<>();
        for (Frame frame : frames) {
            pages.add(frame.pageNumber());
        }
        for (PageDelta delta : deltas) {
            if (!pages.add(delta.pageNumber())) {
                throw new IllegalArgumentException("page " + delta.pageNumber() + " is carried twice");
            }
            for (PageDelta.Run run : delta.runs()) {
                if (run.offset() + run.bytes().length > pageSize) {
                    throw new IllegalArgumentException("page " + delta.pageNumber() + " has a run at offset "
                            + run.offset() + " of " + run.bytes().length + " bytes beyond the page size " + pageSize);
                }
            }
        }
    }
}
