package io.dqlite.core.session;

import java.util.concurrent.CompletableFuture;

/** Appends an encoded log entry to the Raft log; the future completes once the entry is committed and applied. */
@FunctionalInterface
public interface EntrySubmitter {

    /** Submits {@code entry}; the future fails if it could not be committed by this leader. */
    CompletableFuture<Void> submit(byte[] entry);
}
