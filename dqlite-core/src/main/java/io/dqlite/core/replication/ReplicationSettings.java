package io.dqlite.core.replication;

import io.dqlite.core.entry.EntrySplitter;
import io.dqlite.core.wal.PageSize;
import java.time.Duration;

/**
 * How a leader's database is run for replication.
 *
 * @param pageSize the page size given to a database this node creates, in bytes
 * @param maxEntryBytes the largest encoded log entry; bigger transactions are split into parts
 * @param checkpointThresholdFrames the number of captured WAL frames after which the node checkpoints
 * @param busyTimeoutMillis how long SQLite waits for a lock held by a reader, e.g. in a TRUNCATE checkpoint
 * @param statementTimeout how long one statement may run on the leader before it is interrupted; zero for no limit
 * @param maxBufferedResultBytes how many bytes of one statement's rows the leader holds in memory: the rows of a
 *     write (RETURNING), held until its commit is replicated, and the rest of a result still open in a transaction
 *     when the next statement needs the writer; past it the statement fails (a write is rolled back)
 * @param commitPipelineDepth how many groups of commits may replicate at once: with 2 or more the writer runs
 *     the next group while the last one's entry replicates, which shortens the wait of many writers when the
 *     Raft round, not the CPU, is the limit; each group is one more log entry, so 1 suits a CPU-bound node
 * @param commitGatherTime how long, at most, a group of commits waits for the sessions the last group answered to
 *     come back with more work before it runs, so that they join it rather than make a small group of their own
 *     (each group is one log entry); the wait shrinks while such sessions do not come back in time. Zero never
 *     waits
 */
public record ReplicationSettings(int pageSize, int maxEntryBytes, long checkpointThresholdFrames,
        int busyTimeoutMillis, Duration statementTimeout, long maxBufferedResultBytes, int commitPipelineDepth,
        Duration commitGatherTime) {

    /** The default page size: 4096 bytes, SQLite's own default. */
    public static final int DEFAULT_PAGE_SIZE = 4096;

    /** The default checkpoint threshold: 1000 frames, SQLite's own auto-checkpoint default. */
    public static final long DEFAULT_CHECKPOINT_THRESHOLD_FRAMES = 1000;

    /** The default busy timeout: 1 second. */
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 1000;

    /** The default statement timeout: 60 seconds, as long as a remote client waits for an answer. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    /** The default limit on the bytes of one statement's rows held in memory: 64 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_RESULT_BYTES = 64L * 1024 * 1024;

    /**
     * The default commit pipeline depth: 1, one group replicating at a time. On the 2-core machine of
     * BENCHMARKS.md a depth of 2 made smaller groups, more log entries and no more commits per second.
     */
    public static final int DEFAULT_COMMIT_PIPELINE_DEPTH = 1;

    /**
     * The default commit gather time: 1 ms, a few times what a client on the same machine takes to read its answer
     * and send its next statement; with 16 clients in a loop it raised commits/s by 4-10 % (BENCHMARKS.md).
     */
    public static final Duration DEFAULT_COMMIT_GATHER_TIME = Duration.ofMillis(1);

    public ReplicationSettings {
        if (!PageSize.isValid(pageSize)) {
            throw new IllegalArgumentException("page size " + pageSize
                    + " is not a power of two between 512 and 65536");
        }
        EntrySplitter.requireValidLimit(maxEntryBytes);
        if (checkpointThresholdFrames < 1) {
            throw new IllegalArgumentException("checkpoint threshold must be at least 1 frame, was "
                    + checkpointThresholdFrames);
        }
        if (busyTimeoutMillis < 0) {
            throw new IllegalArgumentException("busy timeout must not be negative, was " + busyTimeoutMillis);
        }
        if (statementTimeout == null || statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statement timeout must be zero (no limit) or positive, was "
                    + statementTimeout);
        }
        if (maxBufferedResultBytes < 1) {
            throw new IllegalArgumentException("the limit on buffered result bytes must be positive, was "
                    + maxBufferedResultBytes);
        }
        if (commitPipelineDepth < 1 || commitPipelineDepth > 16) {
            throw new IllegalArgumentException("the commit pipeline depth must be between 1 and 16, was "
                    + commitPipelineDepth);
        }
        if (commitGatherTime == null || commitGatherTime.isNegative()
                || commitGatherTime.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the commit gather time must be between 0 and 1 s, was "
                    + commitGatherTime);
        }
    }

    /**
     * Returns the defaults: 4 KiB pages, 1 MiB entries, checkpoint after 1000 frames, 1 s busy
     * timeout, 60 s statement timeout, 64 MiB of one statement's rows in memory, one group of
     * commits replicating at a time, waiting up to 1 ms to gather them.
     */
    public static ReplicationSettings defaults() {
        return new ReplicationSettings(DEFAULT_PAGE_SIZE, EntrySplitter.DEFAULT_MAX_ENTRY_BYTES,
                DEFAULT_CHECKPOINT_THRESHOLD_FRAMES, DEFAULT_BUSY_TIMEOUT_MILLIS, DEFAULT_STATEMENT_TIMEOUT,
                DEFAULT_MAX_BUFFERED_RESULT_BYTES, DEFAULT_COMMIT_PIPELINE_DEPTH, DEFAULT_COMMIT_GATHER_TIME);
    }

    /** Returns these settings with another maximum entry size. */
    public ReplicationSettings withMaxEntryBytes(int bytes) {
        return new ReplicationSettings(pageSize, bytes, checkpointThresholdFrames, busyTimeoutMillis,
                statementTimeout, maxBufferedResultBytes, commitPipelineDepth, commitGatherTime);
    }

    /** Returns these settings with another page size for new databases. */
    public ReplicationSettings withPageSize(int bytes) {
        return new ReplicationSettings(bytes, maxEntryBytes, checkpointThresholdFrames, busyTimeoutMillis,
                statementTimeout, maxBufferedResultBytes, commitPipelineDepth, commitGatherTime);
    }

    /** Returns these settings with another checkpoint threshold. */
    public ReplicationSettings withCheckpointThresholdFrames(long frames) {
        return new ReplicationSettings(pageSize, maxEntryBytes, frames, busyTimeoutMillis, statementTimeout,
                maxBufferedResultBytes, commitPipelineDepth, commitGatherTime);
    }

    /** Returns these settings with another statement timeout; zero for no limit. */
    public ReplicationSettings withStatementTimeout(Duration timeout) {
        return new ReplicationSettings(pageSize, maxEntryBytes, checkpointThresholdFrames, busyTimeoutMillis, timeout,
                maxBufferedResultBytes, commitPipelineDepth, commitGatherTime);
    }

    /** Returns these settings with another limit on the bytes of one statement's rows held in memory. */
    public ReplicationSettings withMaxBufferedResultBytes(long bytes) {
        return new ReplicationSettings(pageSize, maxEntryBytes, checkpointThresholdFrames, busyTimeoutMillis,
                statementTimeout, bytes, commitPipelineDepth, commitGatherTime);
    }

    /** Returns these settings with another commit pipeline depth. */
    public ReplicationSettings withCommitPipelineDepth(int depth) {
        return new ReplicationSettings(pageSize, maxEntryBytes, checkpointThresholdFrames, busyTimeoutMillis,
                statementTimeout, maxBufferedResultBytes, depth, commitGatherTime);
    }

    /** Returns these settings with another commit gather time; zero never waits. */
    public ReplicationSettings withCommitGatherTime(Duration time) {
        return new ReplicationSettings(pageSize, maxEntryBytes, checkpointThresholdFrames, busyTimeoutMillis,
                statementTimeout, maxBufferedResultBytes, commitPipelineDepth, time);
    }
}
