package io.dqlite.jdbc.client;

import io.dqlite.jdbc.protocol.Frame;
import java.time.Duration;

/**
 * How the remote client connects and waits.
 *
 * @param connectTimeout timeout for opening a TCP connection to one node
 * @param readTimeout timeout for waiting on one response from a node before the connection is given up
 * @param leaderTimeout overall time allowed for finding the leader, across all nodes and retries
 * @param initialBackoff pause after the first round of leader discovery that found no leader
 * @param maxBackoff longest pause between rounds of leader discovery
 * @param maxMessageBytes largest message body accepted from a node
 */
public record ClientSettings(Duration connectTimeout, Duration readTimeout, Duration leaderTimeout,
        Duration initialBackoff, Duration maxBackoff, int maxMessageBytes) {

    /** Checks that every duration is positive and the backoffs are ordered. */
    public ClientSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(leaderTimeout, "leaderTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
        }
        if (maxMessageBytes < Frame.WORD) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " is less than one word");
        }
    }

    /**
     * Returns the defaults: connect in 2s, wait 60s for a response, find a leader within 10s, back
     * off 50 ms to 100 ms between rounds (so a new leader is found soon after it is elected), accept
     * 64 MiB messages.
     */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofMillis(50), Duration.ofMillis(100), Frame.DEFAULT_MAX_BODY_BYTES);
    }

    /** Returns these settings with {@code leaderTimeout} replaced. */
    public ClientSettings withLeaderTimeout(Duration leaderTimeout) {
        return new ClientSettings(connectTimeout, readTimeout, leaderTimeout, initialBackoff, maxBackoff, maxMessageBytes);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
    }
}
