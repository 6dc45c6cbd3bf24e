package io.dqlite.core.entry;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.WalCommit;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class TransactionAssembler {

    private static final Logger log = LoggerFactory.getLogger(TransactionAssembler.class);
    private static final long NONE = -1;

    private final String database;
    private final List<Frame> frames = new ArrayList<>();
    private long transactionId;
    private int nextIndex;
    private int pageSize;
    private long discardedTransactionId = NONE;

    /** Creates an assembler for the transactions of {@code database}. */
    public TransactionAssembler(String database) {
        EntryNames.check(database);
        this.database = database;
    }

    /**
     * Takes the next entry of this database in log order and returns the transaction it completes,
     * if any.
     *
     * @throws IllegalArgumentException if the entry belongs to another database
     */
    public Optional<WalCommit> accept(LogEntry entry) {
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
            }
            transactionId = part.transactionId();
            pageSize = part.pageSize();
            discardedTransactionId = NONE;
        } else if (!isPending() || part.transactionId() != transactionId || part.index() != nextIndex
                || part.pageSize() != pageSize) {
            refuseOutOfOrder(part);
            return Optional.empty();
        }
        nextIndex = part.index() + 1;
        if (!part.last()) {
            frames.addAll(part.frames());
            return Optional.empty();
        }
        List<Frame> all = frames.isEmpty() ? part.frames() : concat(part.frames());
        WalCommit commit = new WalCommit(part.pageSize(), all, part.databasePages());
        reset();
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

    private List<Frame> concat(List<Frame> lastFrames) {
        List<Frame> all = new ArrayList<>(frames.size() + lastFrames.size());
        all.addAll(frames);
        all.addAll(lastFrames);
        return all;
    }

    private void reset() {
        frames.clear();
        nextIndex = 0;
    }
}
