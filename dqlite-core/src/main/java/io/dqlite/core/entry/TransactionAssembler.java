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
 * parts.
 */
public final class TransactionAssembler {

    private static final Logger log = LoggerFactory.getLogger(TransactionAssembler.class);

    private final String database;
    private final List<Frame> frames = new ArrayList<>();
    private long transactionId;
    private int nextIndex;
    private int pageSize;

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
     * @throws CorruptEntryException if a part arrives out of order, which means the log is damaged
     */
    public Optional<WalCommit> accept(LogEntry entry) {
        if (!entry.database().equals(database)) {
            throw new IllegalArgumentException("entry for database '" + entry.database()
                    + "' given to the assembler of '" + database + "'");
        }
        if (entry instanceof TransactionAbort abort) {
            if (isPending() && abort.transactionId() == transactionId) {
                log.info("Discarding {} parts of aborted transaction {} of database '{}'",
                        nextIndex, transactionId, database);
                reset();
            }
            return Optional.empty();
        }
        TransactionPart part = (TransactionPart) entry;
        if (part.index() == 0) {
            if (isPending()) {
                log.warn("Discarding {} parts of unfinished transaction {} of database '{}': transaction {} began",
                        nextIndex, transactionId, database, part.transactionId());
                reset();
            }
            transactionId = part.transactionId();
            pageSize = part.pageSize();
        } else if (!isPending() || part.transactionId() != transactionId || part.index() != nextIndex) {
            throw new CorruptEntryException("part " + part.index() + " of transaction " + part.transactionId()
                    + " of database '" + database + "' arrived out of order (expected "
                    + (isPending() ? "part " + nextIndex + " of transaction " + transactionId : "a first part") + ")");
        } else if (part.pageSize() != pageSize) {
            throw new CorruptEntryException("part " + part.index() + " of transaction " + transactionId
                    + " has page size " + part.pageSize() + " but its first part had " + pageSize);
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
