package io.dqlite.core.entry;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageSize;
import java.util.List;

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
 * @param frames the pages this part carries
 */
public record TransactionPart(String database, long transactionId, int index, boolean last, int pageSize,
        long databasePages, List<Frame> frames) implements DatabaseEntry {

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
        for (Frame frame : frames) {
            if (frame.page().length != pageSize) {
                throw new IllegalArgumentException("page " + frame.pageNumber() + " holds "
                        + frame.page().length + " bytes, not the page size " + pageSize);
            }
        }
    }
}
