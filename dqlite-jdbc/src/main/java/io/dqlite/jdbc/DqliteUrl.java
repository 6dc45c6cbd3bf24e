package io.dqlite.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code jdbc:dqlite://host:port[,host:port...]/database[?key=value&...]} URL: the nodes to
 * ask for the leader, the database to open and the connection properties.
 *
 * @param addresses the nodes named in the URL, in order, at least one
 * @param database the name of the database to open
 * @param properties the query parameters, percent-decoded, in order
 */
public record DqliteUrl(List<Address> addresses, String database, Map<String, String> properties) {

    /** The prefix every dqlite JDBC URL starts with. */
    public static final String PREFIX = "jdbc:dqlite://";

    /**
     * One node's address as written in the URL.
     *
     * @param host a host name or IP address (IPv6 without its brackets)
     * @param port the TCP port, 1 to 65535
     */
    public record Address(String host, int port) {

        /** Returns the address as {@code host:port}, with IPv6 hosts in brackets. */
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Makes the URL's lists unmodifiable. */
    public DqliteUrl {
        addresses = List.copyOf(addresses);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Tells whether {@code url} is meant for this driver, that is, starts with {@value #PREFIX}. */
    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** Parses {@code url}; a malformed one fails with a message that names what is wrong. */
    public static DqliteUrl parse(String url) throws SQLException {
        if (!accepts(url)) {
            throw invalid(url, "it does not start with " + PREFIX);
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        if (slash < 0) {
            throw invalid(url, "it names no database (write " + PREFIX + "host:port/database)");
        }
        List<Address> addresses = parseAddresses(url, location.substring(0, slash));
        String database = decode(url, location.substring(slash + 1));
        if (database.isEmpty()) {
            throw invalid(url, "the database name after '/' is empty");
        }
        if (database.contains("/")) {
            throw invalid(url, "the database name '" + database + "' contains '/'");
        }
        Map<String, String> properties = query < 0 ? Map.of() : parseProperties(url, rest.substring(query + 1));
        return new DqliteUrl(addresses, database, properties);
    }

    private static List<Address> parseAddresses(String url, String text) throws SQLException {
        if (text.isEmpty()) {
            throw invalid(url, "it names no host (write " + PREFIX + "host:port/database)");
        }
        List<Address> addresses = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw invalid(url, "the list of addresses has an empty entry (an empty host)");
            }
            addresses.add(parseAddress(url, part.strip()));
        }
        return addresses;
    }

    private static Address parseAddress(String url, String text) throws SQLException {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw invalid(url, "the IPv6 address '" + text + "' has no closing ']'");
            }
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.startsWith(":")) {
                throw invalid(url, "the address '" + text + "' has no port (write [host]:port)");
            }
            port = after.substring(1);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(url, "the address '" + text + "' has no port (write host:port)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.contains(":")) {
                throw invalid(url, "the IPv6 address '" + host + "' must be written in brackets, as [" + host + "]");
            }
        }
        if (host.isEmpty()) {
            throw invalid(url, "the address '" + text + "' has an empty host");
        }
        return new Address(host, parsePort(url, text, port));
    }

    private static int parsePort(String url, String address, String port) throws SQLException {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw invalid(url, "the port '" + port + "' of address '" + address + "' is not a number from 1 to 65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw invalid(url, "the port " + value + " of address '" + address + "' is not from 1 to 65535");
        }
        return value;
    }

    private static Map<String, String> parseProperties(String url, String text) throws SQLException {
        Map<String, String> properties = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return properties;
        }
        for (String pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw invalid(url, "the property '" + pair + "' has no value (write key=value)");
            }
            String key = decode(url, pair.substring(0, equals));
            if (key.isEmpty()) {
                throw invalid(url, "the property '" + pair + "' has an empty name");
            }
            if (properties.put(key, decode(url, pair.substring(equals + 1))) != null) {
                throw invalid(url, "the property '" + key + "' is given twice");
            }
        }
        return properties;
    }

    private static String decode(String url, String text) throws SQLException {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(url, "'" + text + "' has a malformed %-escape");
        }
    }

    private static SQLException invalid(String url, String problem) {
        return new SQLException("Invalid dqlite URL '" + url + "': " + problem, "08001");
    }
}
