package io.dqlite.core.server;

import java.time.Duration;
import java.util.Set;

/**
 * Limits of a node's wire-protocol server. Each is named in the error or log line of whoever exceeds it by
 * its name here and its Spring property under {@code dqlite.server.*}.
 *
 * @param maxConnections how many client connections are served at once; when all are taken, the connection
 *     idle longest makes room for a new one, and a new one is closed if none is idle
 * @param maxConnectionsPerAddress how many of them may come from one remote address, with the same rule
 * @param maxMessageBytes the largest request body accepted; a larger one closes its connection
 * @param handshakeTimeout how long a new connection may take to send its protocol version
 * @param idleTimeout how long a connection that holds no transaction may send nothing before it is closed
 * @param maxPendingRequests how many requests one connection may send ahead of their responses
 * @param maxPendingRequestBytes how many bytes those requests may hold together, at least one message's worth;
 *     past either limit the connection is closed and the requests it queued are dropped unrun
 * @param rowsBatchBytes about how many bytes of rows go into one ROWS message
 * @param stallTimeout how long a client may leave a transaction idle, or a response unread, before
 *     its connection is closed (rolling the transaction back) so that it stalls no one else
 * @param maxPreparedStatements how many prepared statements one connection may hold, across its databases
 * @param maxPreparedSqlBytes how many bytes of SQL (UTF-8) those statements may hold together
 * @param maxDatabases how many databases the cluster may hold: each is a file on every node, so creating one
 *     more is refused
 * @param allowedDatabases the names of the only databases that may be opened, or empty for any name
 */
public record WireServerSettings(int maxConnections, int maxConnectionsPerAddress, int maxMessageBytes,
        Duration handshakeTimeout, Duration idleTimeout, int maxPendingRequests, long maxPendingRequestBytes,
        int rowsBatchBytes, Duration stallTimeout, int maxPreparedStatements, long maxPreparedSqlBytes,
        int maxDatabases, Set<String> allowedDatabases) {

    private static final int MIB = 1024 * 1024;

    /** Checks that every limit is positive. */
    public WireServerSettings {
        allowedDatabases = Set.copyOf(allowedDatabases);
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxMessageBytes < 1024 || maxPendingRequests < 1
                || rowsBatchBytes < 1 || !positive(handshakeTimeout) || !positive(idleTimeout)
                || !positive(stallTimeout) || maxPreparedStatements < 1 || maxPreparedSqlBytes < 1
                || maxPendingRequestBytes < maxMessageBytes || maxDatabases < 1) {
            throw new IllegalArgumentException("wire server limits must be positive (messages at least 1 KiB, pending"
                    + " request bytes at least one message): "
                    + "connections " + maxConnections + ", per address " + maxConnectionsPerAddress + ", message bytes "
                    + maxMessageBytes + ", handshake " + handshakeTimeout + ", idle timeout " + idleTimeout
                    + ", pending requests " + maxPendingRequests + ", pending request bytes " + maxPendingRequestBytes
                    + ", batch bytes " + rowsBatchBytes + ", stall timeout " + stallTimeout + ", prepared statements "
                    + maxPreparedStatements + ", prepared SQL bytes " + maxPreparedSqlBytes + ", databases "
                    + maxDatabases);
        }
    }

    /**
     * Returns the defaults: 256 connections, 64 from one address, 32 MiB messages, a 10 s handshake, 5 minutes
     * idle, 16 pending requests holding 64 MiB, 64 KiB batches, 30 s before a stalled client is cut off,
     * 1,000 prepared statements holding 8 MiB of SQL per connection, and 100 databases of any name.
     */
    public static WireServerSettings defaults() {
        return new WireServerSettings(256, 64, 32 * MIB, Duration.ofSeconds(10), Duration.ofMinutes(5), 16, 64 * MIB,
                64 * 1024, Duration.ofSeconds(30), 1000, 8 * MIB, 100, Set.of());
    }

    /** Returns these settings with {@code maxConnections} replaced. */
    public WireServerSettings withMaxConnections(int maxConnections) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxConnectionsPerAddress} replaced. */
    public WireServerSettings withMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxMessageBytes} replaced. */
    public WireServerSettings withMaxMessageBytes(int maxMessageBytes) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code handshakeTimeout} replaced. */
    public WireServerSettings withHandshakeTimeout(Duration handshakeTimeout) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code idleTimeout} replaced. */
    public WireServerSettings withIdleTimeout(Duration idleTimeout) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxPendingRequests} replaced. */
    public WireServerSettings withMaxPendingRequests(int maxPendingRequests) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxPendingRequestBytes} replaced. */
    public WireServerSettings withMaxPendingRequestBytes(long maxPendingRequestBytes) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code stallTimeout} replaced. */
    public WireServerSettings withStallTimeout(Duration stallTimeout) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxPreparedStatements} replaced. */
    public WireServerSettings withMaxPreparedStatements(int maxPreparedStatements) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxPreparedSqlBytes} replaced. */
    public WireServerSettings withMaxPreparedSqlBytes(long maxPreparedSqlBytes) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code maxDatabases} replaced. */
    public WireServerSettings withMaxDatabases(int maxDatabases) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    /** Returns these settings with {@code allowedDatabases} replaced. */
    public WireServerSettings withAllowedDatabases(Set<String> allowedDatabases) {
        return new WireServerSettings(maxConnections, maxConnectionsPerAddress, maxMessageBytes, handshakeTimeout,
                idleTimeout, maxPendingRequests, maxPendingRequestBytes, rowsBatchBytes, stallTimeout,
                maxPreparedStatements, maxPreparedSqlBytes, maxDatabases, allowedDatabases);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
