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
 * @param maxBufferedResultBytes how many bytes of a result still open the session holds in memory when the next
 *     statement needs the connection; past it that statement fails, as the leader's own sessions do
 * @param tls how to speak TLS to nodes, or null for plain TCP
 */
public record ClientSettings(Duration connectTimeout, Duration readTimeout, Duration leaderTimeout,
        Duration initialBackoff, Duration maxBackoff, int maxMessageBytes, long maxBufferedResultBytes, ClientTls tls) {

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
        if (maxBufferedResultBytes < 1) {
            throw new IllegalArgumentException("maxBufferedResultBytes must be positive, not " + maxBufferedResultBytes);
        }
    }

    /**
     * Returns the defaults: connect in 2s, wait 60s for a response, find a leader within 10s, back
     * off 50 ms to 100 ms between rounds (so a new leader is found soon after it is elected), accept
     * 64 MiB messages, hold 64 MiB of an open result.
     */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofMillis(50), Duration.ofMillis(100), Frame.DEFAULT_MAX_BODY_BYTES, 64L * 1024 * 1024, null);
    }

    /** Returns these settings with {@code leaderTimeout} replaced. */
    public ClientSettings withLeaderTimeout(Duration leaderTimeout) {
        return new ClientSettings(connectTimeout, readTimeout, leaderTimeout, initialBackoff, maxBackoff, maxMessageBytes,
                maxBufferedResultBytes, tls);
    }

    /** Returns these settings with {@code maxBufferedResultBytes} replaced. */
    public ClientSettings withMaxBufferedResultBytes(long maxBufferedResultBytes) {
        return new ClientSettings(connectTimeout, readTimeout, leaderTimeout, initialBackoff, maxBackoff, maxMessageBytes,
                maxBufferedResultBytes, tls);
    }

    /** Returns these settings speaking TLS as {@code tls} says, or plain TCP if it is null. */
    public ClientSettings withTls(ClientTls tls) {
        return new ClientSettings(connectTimeout, readTimeout, leaderTimeout, initialBackoff, maxBackoff, maxMessageBytes,
                maxBufferedResultBytes, tls);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
    }
}
