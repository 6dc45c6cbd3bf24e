package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.EntrySplitter;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.entry.TransactionAbort;
import io.dqlite.core.entry.TransactionPart;
import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.WalCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the replicator does when Ratis refuses one entry of a piece of work. */
class CommitReplicatorTest {

    private final List<DatabaseEntry> submitted = new ArrayList<>();

    @Test
    void aRefusedMiddlePartFailsTheWorkEvenWhenTheLastPartIsCommittedAndAbortsTheTransaction() {
        List<DatabaseEntry> parts = new ArrayList<>(split(7, 40));
        assertThat(parts).hasSizeGreaterThan(3);
        CommitReplicator replicator = new CommitReplicator("db", entry -> {
            DatabaseEntry decoded = (DatabaseEntry) EntryCodec.decode(entry);
            submitted.add(decoded);
            return decoded instanceof TransactionPart part && part.index() == 1
                    ? CompletableFuture.failedFuture(new IllegalStateException("pending write limit"))
                    : CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(5));

        assertThatThrownBy(() -> replicator.replicate(parts))
                .isInstanceOf(CommitReplicator.ReplicationFailedException.class)
                .hasMessageContaining("pending write limit");
        assertThat(submitted).as("nothing is submitted after the refusal is seen, and an abort follows")
                .endsWith(new TransactionAbort("db", 7))
                .doesNotContain(parts.get(parts.size() - 1));
    }

    @Test
    void aPieceOfWorkWithSeveralCommitsFailsIfAnyOfThemIsRefused() {
        List<DatabaseEntry> entries = new ArrayList<>();
        entries.addAll(split(1, 1));
        entries.addAll(split(2, 1));
        entries.addAll(split(3, 1));
        CommitReplicator replicator = new CommitReplicator("db", entry -> {
            DatabaseEntry decoded = (DatabaseEntry) EntryCodec.decode(entry);
            submitted.add(decoded);
            return decoded.transactionId() == 2 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
        }, Duration.ofMillis(200));

        assertThatThrownBy(() -> replicator.replicate(entries))
                .isInstanceOf(CommitReplicator.ReplicationFailedException.class)
                .hasMessageContaining("not replicated within 200 ms");
    }

    private static List<TransactionPart> split(long transactionId, int pages) {
        List<Frame> frames = new ArrayList<>();
        for (int number = 1; number <= pages; number++) {
            frames.add(new Frame(number, new byte[65536]));
        }
        return new EntrySplitter(EntrySplitter.MIN_MAX_ENTRY_BYTES).split("db", transactionId,
                new WalCommit(65536, frames, pages));
    }
}
