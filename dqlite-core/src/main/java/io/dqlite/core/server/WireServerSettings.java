package io.dqlite.core.server;

import java.time.Duration;

/**
 * Limits of a node's wire-protocol server.
 *
 * @param maxConnections how many client connections are served at once; more are closed on accept
 * @param maxMessageBytes the largest request body accepted; a larger one closes its connection
 * @param handshakeTimeout how long a new connection may take to send its protocol version
 * @param maxPendingRequests how many requests one connection may send ahead of their responses
 * @param rowsBatchBytes about how many bytes of rows go into one ROWS message
 * @param stallTimeout how long a client may leave a transaction idle, or a response unread, before
 *     its connection is closed (rolling the transaction back) so that it stalls no one else
 */
public record WireServerSettings(int maxConnections, int maxMessageBytes, Duration handshakeTimeout,
        int maxPendingRequests, int rowsBatchBytes, Duration stallTimeout) {

    /** Checks that every limit is positive. */
    public WireServerSettings {
        if (maxConnections < 1 || maxMessageBytes < 1024 || maxPendingRequests < 1 || rowsBatchBytes < 1
                || handshakeTimeout.isNegative() || handshakeTimeout.isZero() || stallTimeout.isNegative()
                || stallTimeout.isZero()) {
            throw new IllegalArgumentException("wire server limits must be positive (and messages at least 1 KiB): "
                    + "connections " + maxConnections + ", message bytes " + maxMessageBytes + ", handshake "
                    + handshakeTimeout + ", pending requests " + maxPendingRequests + ", batch bytes "
                    + rowsBatchBytes + ", stall timeout " + stallTimeout);
        }
    }

    /**
     * Returns the defaults: 256 connections, 32 MiB messages, a 10 s handshake, 16 pending requests,
     * 64 KiB batches, and 30 s before a stalled client is cut off.
     */
    public static WireServerSettings defaults() {
        return new WireServerSettings(256, 32 * 1024 * 1024, Duration.ofSeconds(10), 16, 64 * 1024,
                Duration.ofSeconds(30));
    }

    /** Returns these settings with {@code stallTimeout} replaced. */
    public WireServerSettings withStallTimeout(Duration stallTimeout) {
        return new WireServerSettings(maxConnections, maxMessageBytes, handshakeTimeout, maxPendingRequests,
                rowsBatchBytes, stallTimeout);
    }
}
