package io.dqlite.core.replication;

/** The kinds of WAL checkpoint the node runs, named as in {@code PRAGMA wal_checkpoint}. */
public enum CheckpointMode {

    /** Copies what it can without waiting for readers; the next writer restarts the WAL if all was copied. */
    PASSIVE,

    /** Waits (up to the busy timeout) for readers, copies everything and truncates the WAL to zero bytes. */
    TRUNCATE
}
