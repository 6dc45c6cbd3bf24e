package io.dqlite.core.replication;

/**
 * What a WAL checkpoint achieved, as {@code PRAGMA wal_checkpoint} reports it.
 *
 * @param busy whether a reader or writer kept the checkpoint from finishing
 * @param walFrames the number of frames in the WAL, or -1 if unknown
 * @param checkpointedFrames the number of those frames copied into the database file, or -1 if unknown
 */
public record CheckpointResult(boolean busy, int walFrames, int checkpointedFrames) {

    /** Tells whether every frame of the WAL reached the database file. */
    public boolean complete() {
        return !busy && walFrames == checkpointedFrames;
    }
}
