package io.dqlite.core;

import java.time.Duration;

/**
 * The Raft timing of a node.
 *
 * @param electionTimeoutMin the shortest time a follower waits for the leader before it stands for election
 * @param electionTimeoutMax the longest such time; each wait is drawn between the two
 * @param applyTimeout how long a commit waits to be replicated before its outcome is reported unknown
 * @param snapshotThreshold the number of applied entries after which a snapshot is taken
 * @param snapshotTrailingEntries how many log entries are kept behind a snapshot for slow followers
 */
public record RaftTiming(Duration electionTimeoutMin, Duration electionTimeoutMax, Duration applyTimeout,
        long snapshotThreshold, long snapshotTrailingEntries) {

    public RaftTiming {
        if (electionTimeoutMin.toMillis() < 50) {
            throw new IllegalArgumentException("election timeout minimum must be at least 50 ms, was "
                    + electionTimeoutMin.toMillis() + " ms");
        }
        if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("election timeout maximum (" + electionTimeoutMax.toMillis()
                    + " ms) must exceed its minimum (" + electionTimeoutMin.toMillis() + " ms)");
        }
        if (applyTimeout.isNegative() || applyTimeout.isZero()) {
            throw new IllegalArgumentException("apply timeout must be positive");
        }
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("snapshot threshold must be at least 1 entry, was " + snapshotThreshold);
        }
        if (snapshotTrailingEntries < 0) {
            throw new IllegalArgumentException("snapshot trailing entries must not be negative");
        }
    }

    /**
     * Returns defaults that survive a JVM pause on a loaded 2-core machine yet replace a dead leader
     * within a second: elections after 0.4-0.8 s of silence (the leader's heartbeats come every
     * 0.2 s, and pre-vote keeps one slow follower from deposing a live leader), a 10 s apply
     * timeout, a snapshot every 10,000 entries keeping 1,000 behind it.
     */
    public static RaftTiming defaults() {
        return new RaftTiming(Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(10), 10_000, 1_000);
    }

    /** Returns this timing with another snapshot threshold and trail. */
    public RaftTiming withSnapshots(long threshold, long trailingEntries) {
        return new RaftTiming(electionTimeoutMin, electionTimeoutMax, applyTimeout, threshold, trailingEntries);
    }

    /** Returns this timing with another apply timeout. */
    public RaftTiming withApplyTimeout(Duration timeout) {
        return new RaftTiming(electionTimeoutMin, electionTimeoutMax, timeout, snapshotThreshold, snapshotTrailingEntries);
    }

    /** Returns this timing with other election timeouts. */
    public RaftTiming withElectionTimeouts(Duration min, Duration max) {
        return new RaftTiming(min, max, applyTimeout, snapshotThreshold, snapshotTrailingEntries);
    }
}
