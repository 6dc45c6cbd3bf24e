package io.dqlite.core.status;

import java.time.Instant;

/**
 * The latest snapshot a node holds.
 *
 * @param index the last log index the snapshot contains
 * @param term the term of that entry
 * @param takenAt when the snapshot was written
 * @param sizeBytes the total size of its database files
 */
public record SnapshotStatus(long index, long term, Instant takenAt, long sizeBytes) {
}
