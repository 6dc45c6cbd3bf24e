package io.dqlite.spring.autoconfigure;

import io.dqlite.core.server.WireServerSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/** Translates {@code dqlite.server.*} into the limits of the node's wire server, naming the property that is invalid. */
final class WireServerSettingsFactory {

    private static final String PREFIX = "dqlite.server.";

    private final DqliteProperties properties;

    WireServerSettingsFactory(DqliteProperties properties) {
        this.properties = properties;
    }

    /** Returns the limits, or throws naming the first invalid property. */
    WireServerSettings create() {
        DqliteProperties.Server server = properties.getServer();
        int maxMessageBytes = bytes("max-message-size", server.getMaxMessageSize(), DataSize.ofKilobytes(1));
        long maxPendingRequestBytes = longBytes("max-pending-request-size", server.getMaxPendingRequestSize());
        if (maxPendingRequestBytes < maxMessageBytes) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "max-pending-request-size",
                    server.getMaxPendingRequestSize(), "must be at least " + PREFIX + "max-message-size ("
                            + server.getMaxMessageSize() + ")");
        }
        return new WireServerSettings(atLeastOne("max-connections", server.getMaxConnections()),
                atLeastOne("max-connections-per-address", server.getMaxConnectionsPerAddress()), maxMessageBytes,
                positive("handshake-timeout", server.getHandshakeTimeout()),
                positive("idle-timeout", server.getIdleTimeout()),
                atLeastOne("max-pending-requests", server.getMaxPendingRequests()), maxPendingRequestBytes,
                WireServerSettings.defaults().rowsBatchBytes(), positive("stall-timeout", server.getStallTimeout()),
                atLeastOne("max-prepared-statements", server.getMaxPreparedStatements()),
                longBytes("max-prepared-sql-size", server.getMaxPreparedSqlSize()),
                atLeastOne("max-databases", server.getMaxDatabases()), allowedDatabases(server.getAllowedDatabases()));
    }

    /** Returns {@code dqlite.server.max-buffered-result-size} in bytes, or throws naming it. */
    long maxBufferedResultBytes() {
        return longBytes("max-buffered-result-size", properties.getServer().getMaxBufferedResultSize());
    }

    private Set<String> allowedDatabases(List<String> names) {
        if (!names.isEmpty() && !names.contains(properties.getDatabase())) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "allowed-databases", names,
                    "does not contain dqlite.database ('" + properties.getDatabase() + "'), which the DataSource opens");
        }
        return new HashSet<>(names);
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be at least 1");
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be positive");
        }
        return value;
    }

    private static long longBytes(String name, DataSize value) {
        if (value == null || value.toBytes() < 1) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be positive");
        }
        return value.toBytes();
    }

    private static int bytes(String name, DataSize value, DataSize least) {
        if (value == null || value.toBytes() < least.toBytes() || value.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be between " + least
                    + " and " + Integer.MAX_VALUE + "B");
        }
        return (int) value.toBytes();
    }
}
