package io.dqlite.core.replication;

import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.entry.TransactionAssembler;
import io.dqlite.core.wal.PageApplier;
import io.dqlite.core.wal.WalCommit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A follower's copy of one database: takes log entries in order and writes each completed
 * transaction's pages into a file that SQLite does not have open.
 */
public final class ReplicationTarget implements AutoCloseable {

    private final TransactionAssembler assembler;
    private final PageApplier applier;
    private long term;
    private long pendingTerm;

    /**
     * Opens (creating it if absent) {@code file} as the follower's copy of {@code database}; the
     * parts of a split transaction wait beside it in {@code file-pending}.
     */
    public ReplicationTarget(String database, Path file) throws IOException {
        this.assembler = new TransactionAssembler(database, file.resolveSibling(file.getFileName() + "-pending"));
        this.applier = new PageApplier(file);
    }

    /** Takes the next entry of this database and returns the transaction it applied, if it completed one. */
    public Optional<WalCommit> apply(DatabaseEntry entry) throws IOException {
        Optional<WalCommit> commit = assembler.accept(entry);
        if (assembler.isPending() && pendingTerm < term) {
            pendingTerm = term;
        }
        if (commit.isPresent()) {
            applier.apply(commit.get());
        }
        return commit;
    }

    /**
     * Tells the target that the log has reached Raft term {@code term}, and discards an unfinished
     * transaction whose parts came in an earlier term: a leader sends every part in its own term,
     * so once a later term's entry is in the log the remaining parts will never come.
     */
    public void enterTerm(long term) {
        if (term > this.term) {
            this.term = term;
        }
        if (assembler.isPending() && pendingTerm < this.term) {
            assembler.discard("its leader's term " + pendingTerm + " ended before its last part");
        }
    }

    /** Tells whether parts of an unfinished transaction are held back. */
    public boolean hasPendingTransaction() {
        return assembler.isPending();
    }

    @Override
    public void close() throws IOException {
        try {
            applier.close();
        } finally {
            assembler.close();
        }
    }
}
