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
 */
public record WireServerSettings(int maxConnections, int maxMessageBytes, Duration handshakeTimeout,
        int maxPendingRequests, int rowsBatchBytes) {

    /** Checks that every limit is positive. */
    public WireServerSettings {
        if (maxConnections < 1 || maxMessageBytes < 1024 || maxPendingRequests < 1 || rowsBatchBytes < 1
                || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("wire server limits must be positive (and messages at least 1 KiB): "
                    + "connections " + maxConnections + ", message bytes " + maxMessageBytes + ", handshake "
                    + handshakeTimeout + ", pending requests " + maxPendingRequests + ", batch bytes "
                    + rowsBatchBytes);
        }
    }

    /** Returns the defaults: 256 connections, 32 MiB messages, a 10 s handshake, 16 pending requests, 64 KiB batches. */
    public static WireServerSettings defaults() {
        return new WireServerSettings(256, 32 * 1024 * 1024, Duration.ofSeconds(10), 16, 64 * 1024);
    }
}
