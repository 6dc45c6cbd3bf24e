package io.dqlite.jdbc;

import io.dqlite.jdbc.client.ClientTls;
import io.dqlite.jdbc.tls.PemTls;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/** Builds the driver's TLS settings from its connection properties, naming the property that is wrong. */
final class DriverTls {

    private DriverTls() {
    }

    /** Returns the TLS settings the properties ask for, or null for plain TCP. */
    static ClientTls from(Map<String, String> properties) throws SQLException {
        if (properties.isEmpty()) {
            return null;
        }
        String enabled = properties.getOrDefault("tls", "true");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new SQLException("dqlite connection property tls='" + enabled + "' is neither true nor false",
                    "08001");
        }
        if (enabled.equals("false")) {
            if (properties.size() > 1) {
                throw new SQLException("dqlite connection property tls=false contradicts " + properties.keySet(),
                        "08001");
            }
            return null;
        }
        String certificate = properties.get("tlsCertificate");
        String key = properties.get("tlsKey");
        if ((certificate == null) != (key == null)) {
            throw new SQLException("dqlite connection properties tlsCertificate and tlsKey go together; only "
                    + (certificate == null ? "tlsKey" : "tlsCertificate") + " is set", "08001");
        }
        String verify = properties.getOrDefault("tlsVerifyHostname", "true");
        if (!verify.equals("true") && !verify.equals("false")) {
            throw new SQLException("dqlite connection property tlsVerifyHostname='" + verify
                    + "' is neither true nor false", "08001");
        }
        try {
            X509KeyManager keyManager = certificate == null ? null
                    : PemTls.keyManager(PemTls.privateKey(Path.of(key)), PemTls.certificates(Path.of(certificate)));
            String trusted = properties.get("tlsTrustedCertificates");
            X509TrustManager trustManager = trusted == null ? PemTls.defaultTrustManager()
                    : PemTls.trustManager(PemTls.certificates(Path.of(trusted)));
            return new ClientTls(PemTls.context(keyManager, trustManager), verify.equals("true"));
        } catch (IOException e) {
            throw new SQLException("dqlite TLS properties: " + e.getMessage(), "08001", e);
        }
    }
}
