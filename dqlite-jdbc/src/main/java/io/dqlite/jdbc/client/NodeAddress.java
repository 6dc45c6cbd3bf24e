package io.dqlite.jdbc.client;

/** A node's "host:port" address; IPv6 hosts are written in brackets, "[::1]:9001". */
public record NodeAddress(String host, int port) {

    /** Parses {@code address}, failing with a message naming it if it is not "host:port". */
    public static NodeAddress parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("node address '" + address + "' is not of the form host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("node address '" + address + "' has an IPv6 host without brackets; write [host]:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("node address '" + address + "' needs a host and a port from 1 to 65535");
        }
        return new NodeAddress(host, port);
    }

    /** Returns the address in the "host:port" form nodes report. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
