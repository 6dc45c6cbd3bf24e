package io.dqlite.spring.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * A host and port read from a property.
 *
 * @param host the host name or IP address
 * @param port the TCP port
 */
record HostPort(String host, int port) {

    /** The distance from a wire port to the Raft port derived from it. */
    static final int RAFT_PORT_OFFSET = 1000;

    /** Parses {@code value} of {@code property} as host:port, naming the property if it is not. */
    static HostPort parse(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, value, "an address (host:port) is required");
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new InvalidConfigurationPropertyValueException(property, value, "not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, "the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidConfigurationPropertyValueException(property, value, "the port is outside 1-65535");
        }
        return new HostPort(value.substring(0, colon), port);
    }

    /** Returns the Raft address derived from this wire address, whose property is {@code property}. */
    HostPort derivedRaftAddress(String property) {
        if (port + RAFT_PORT_OFFSET > 65535) {
            throw new InvalidConfigurationPropertyValueException(property, toString(),
                    "no Raft port can be derived from it (port + " + RAFT_PORT_OFFSET + " exceeds 65535); set the Raft address");
        }
        return new HostPort(host, port + RAFT_PORT_OFFSET);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
