package io.dqlite.jdbc;

import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:dqlite://host:port[,host:port...]/database} driver: it finds the cluster's leader
 * among the listed nodes and talks to it over dqlite's wire protocol.
 *
 * <p>Properties, in the URL's query or the {@link Properties} given to {@code connect}:
 * {@code connectTimeout} (milliseconds to open a TCP connection, default 2000), {@code readTimeout}
 * (milliseconds to wait for one response, default 60000), {@code leaderTimeout} (milliseconds to
 * find the leader, default 10000) and {@code maxBufferedResultBytes} (bytes of a result still open that a
 * connection holds in memory to run its next statement, default 67108864). For TLS: {@code tls} ({@code true} to
 * speak TLS to the nodes, implied by the other TLS properties), {@code tlsCertificate} and {@code tlsKey} (PEM files
 * of the client's certificate chain and unencrypted PKCS #8 key, for nodes that require client certificates),
 * {@code tlsTrustedCertificates} (PEM file of the certificates that sign the nodes', default the JVM's) and
 * {@code tlsVerifyHostname} (whether a node's certificate must name the host dialled, default true). Any other
 * property is refused.
 */
public final class DqliteDriver implements Driver {

    private static final int MAJOR_VERSION = 0;
    private static final int MINOR_VERSION = 1;

    static {
        try {
            DriverManager.registerDriver(new DqliteDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        DqliteUrl parsed = DqliteUrl.parse(url);
        Map<String, String> properties = new HashMap<>(parsed.properties());
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (!name.equals("user") && !name.equals("password")) {
                    properties.put(name, info.getProperty(name));
                }
            }
        }
        List<String> addresses = parsed.addresses().stream().map(DqliteUrl.Address::toString).toList();
        RemoteSessionFactory sessions = new RemoteSessionFactory(addresses, settings(properties));
        return new DqliteConnection(sessions.open(parsed.database()), url);
    }

    /** Builds the client settings from the connection properties, naming any that is unknown or malformed. */
    static ClientSettings settings(Map<String, String> properties) throws SQLException {
        ClientSettings defaults = ClientSettings.defaults();
        Duration connect = defaults.connectTimeout();
        Duration read = defaults.readTimeout();
        Duration leader = defaults.leaderTimeout();
        long buffered = defaults.maxBufferedResultBytes();
        Map<String, String> tls = new HashMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            switch (property.getKey()) {
                case "connectTimeout" -> connect = Duration.ofMillis(positive(property, "milliseconds"));
                case "readTimeout" -> read = Duration.ofMillis(positive(property, "milliseconds"));
                case "leaderTimeout" -> leader = Duration.ofMillis(positive(property, "milliseconds"));
                case "maxBufferedResultBytes" -> buffered = positive(property, "bytes");
                case "tls", "tlsCertificate", "tlsKey", "tlsTrustedCertificates", "tlsVerifyHostname" ->
                        tls.put(property.getKey(), property.getValue());
                default -> throw new SQLException("unknown dqlite connection property '" + property.getKey()
                        + "'; known: connectTimeout, readTimeout, leaderTimeout, maxBufferedResultBytes, tls,"
                        + " tlsCertificate, tlsKey, tlsTrustedCertificates, tlsVerifyHostname", "08001");
            }
        }
        return new ClientSettings(connect, read, leader, defaults.initialBackoff(), defaults.maxBackoff(),
                defaults.maxMessageBytes(), buffered, DriverTls.from(tls));
    }

    private static long positive(Map.Entry<String, String> property, String unit) throws SQLException {
        try {
            long value = Long.parseLong(property.getValue());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SQLException("dqlite connection property " + property.getKey() + "='" + property.getValue()
                + "' is not a positive number of " + unit, "08001");
    }

    @Override
    public boolean acceptsURL(String url) {
        return DqliteUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo connect = new DriverPropertyInfo("connectTimeout", "2000");
        connect.description = "milliseconds to open a TCP connection to one node";
        DriverPropertyInfo read = new DriverPropertyInfo("readTimeout", "60000");
        read.description = "milliseconds to wait for one response from the leader";
        DriverPropertyInfo leader = new DriverPropertyInfo("leaderTimeout", "10000");
        leader.description = "milliseconds to find the leader among the listed nodes";
        DriverPropertyInfo buffered = new DriverPropertyInfo("maxBufferedResultBytes", "67108864");
        buffered.description = "bytes of a result still open that a connection holds in memory to run its next"
                + " statement";
        DriverPropertyInfo tls = new DriverPropertyInfo("tls", "false");
        tls.description = "true to speak TLS to the nodes (implied by the other TLS properties)";
        DriverPropertyInfo certificate = new DriverPropertyInfo("tlsCertificate", null);
        certificate.description = "PEM file of the client's certificate chain, for nodes that require one";
        DriverPropertyInfo key = new DriverPropertyInfo("tlsKey", null);
        key.description = "PEM file of the client's unencrypted PKCS #8 private key";
        DriverPropertyInfo trusted = new DriverPropertyInfo("tlsTrustedCertificates", null);
        trusted.description = "PEM file of the certificates that sign the nodes' (default: the JVM's)";
        DriverPropertyInfo hostname = new DriverPropertyInfo("tlsVerifyHostname", "true");
        hostname.description = "whether a node's certificate must name the host dialled";
        return new DriverPropertyInfo[] {connect, read, leader, buffered, tls, certificate, key, trusted, hostname};
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the dqlite driver logs through SLF4J, not java.util.logging");
    }
}
