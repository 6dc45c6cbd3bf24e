package io.dqlite.core.status;

import java.time.Duration;

/**
 * Hears the work a node does, for metrics; called on the node's own threads, so it must return quickly.
 */
public interface ActivityListener {

    /** Called when a log entry this node submitted as leader is committed and applied, with its size and latency. */
    default void committed(int entryBytes, Duration latency) {
    }

    /** Called when this node has written a snapshot, with the snapshot's size and how long writing it took. */
    default void snapshotTaken(long index, long sizeBytes, Duration duration) {
    }
}
