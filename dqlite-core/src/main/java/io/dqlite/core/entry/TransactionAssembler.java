package io.dqlite.core.entry;

import io.dqlite.core.wal.WalCommit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the parts of one database's transactions on a follower and releases a transaction
 * only when its last part arrives.
 *
 * <p>An abort entry discards the parts held. The first part of a new transaction also discards
 * an unfinished one, since a leader that lost office mid-transaction never sends its remaining
 * parts. A part that does not follow the one before it (a leader's append was refused between
 * parts) discards its transaction too: its leader never reported it committed. Every node reads
 * the same log, so every node discards the same transactions.
 *
 * <p>The pages of a split transaction wait in a spill file, not in the heap, until its last part.
 */
public final class TransactionAssembler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionAssembler.class);
    private static final long NONE = -1;

    private final String database;
    private final PendingPages pending;
    private long transactionId;
    private int nextIndex;
    private int pageSize;
    private long discardedTransactionId = NONE;

    /**
     * Creates an assembler for the transactions of {@code database} that keeps the parts of a
     * split transaction in {@code spillFile}, a scratch file of its own.
     */
    public TransactionAssembler(String database, Path spillFile) {
        EntryNames.check(database);
        this.database = database;
        this.pending = new PendingPages(spillFile);
    }

    /**
     * Takes the next entry of this database in log order and returns the transaction it completes,
     * if any; a split transaction's pages are read back from the spill file as the commit is
     * iterated, so apply it before the next entry.
     *
     * @throws IllegalArgumentException if the entry belongs to another database
     * @throws IOException if the spill file cannot be written
     */
    public Optional<WalCommit> accept(DatabaseEntry entry) throws IOException {
        if (!entry.database().equals(database)) {
            throw new IllegalArgumentException("entry for database '" + entry.database()
                    + "' given to the assembler of '" + database + "'");
        }
        if (entry instanceof TransactionAbort abort) {
            if (isPending() && abort.transactionId() == transactionId) {
                discard("it was aborted");
            }
            return Optional.empty();
        }
        TransactionPart part = (TransactionPart) entry;
        if (part.index() == 0) {
            if (isPending()) {
                discard("transaction " + part.transactionId() + " began");
            } else if (pending.size() > 0) {
                pending.clear();
            }
            transactionId = part.transactionId();
            pageSize = part.pageSize();
            discardedTransactionId = NONE;
        } else if (!isPending() || part.transactionId() != transactionId || part.index() != nextIndex
                || part.pageSize() != pageSize) {
            refuseOutOfOrder(part);
            return Optional.empty();
        }
        if (part.last() && part.index() == 0) {
            return Optional.of(new WalCommit(part.pageSize(), part.frames(), part.databasePages(), part.deltas()));
        }
        nextIndex = part.index() + 1;
        pending.add(part.frames(), part.pageSize());
        if (!part.last()) {
            return Optional.empty();
        }
        WalCommit commit = pending.commit(part.databasePages());
        nextIndex = 0;
        return Optional.of(commit);
    }

    /** Tells whether parts of an unfinished transaction are held. */
    public boolean isPending() {
        return nextIndex > 0;
    }

    /** Discards the parts of the unfinished transaction, if any, saying {@code why} in the log. */
    public void discard(String why) {
        if (!isPending()) {
            return;
        }
        log.warn("Discarding {} parts of unfinished transaction {} of database '{}': {}", nextIndex, transactionId,
                database, why);
        discardedTransactionId = transactionId;
        reset();
    }

    private void refuseOutOfOrder(TransactionPart part) {
        if (part.transactionId() == discardedTransactionId) {
            return;
        }
        String expected = isPending() ? "part " + nextIndex + " of transaction " + transactionId + " with page size "
                + pageSize : "a first part";
        if (isPending() && part.transactionId() == transactionId) {
            discard("part " + part.index() + " arrived where " + expected + " was due");
        } else {
            log.warn("Ignoring part {} of transaction {} of database '{}': {} was due", part.index(),
                    part.transactionId(), database, expected);
            discardedTransactionId = part.transactionId();
        }
    }

    private void reset() {
        pending.clear();
        nextIndex = 0;
    }

    /** Deletes the spill file. */
    @Override
    public void close() throws IOException {
        pending.close();
    }
}
