package io.dqlite.jdbc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Reads certificates and private keys from PEM files, as openssl writes them (and go-dqlite's documentation has them
 * made), and builds the key and trust managers of a TLS context from them.
 */
public final class PemTls {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final char[] IN_MEMORY_PASSWORD = "dqlite".toCharArray();

    private PemTls() {
    }

    /**
     * Returns the certificates in {@code file}, in order (a chain starts with its own certificate).
     *
     * @throws IOException naming the file if it cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.content())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * Returns the private key in {@code file}: an unencrypted PKCS #8 key (-----BEGIN PRIVATE KEY-----), RSA, EC or
     * EdDSA.
     *
     * @throws IOException naming the file if it holds no such key, saying how to convert one in another format
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        for (Block block : blocks(file)) {
            if (block.type().equals("PRIVATE KEY")) {
                for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(
                                new PKCS8EncodedKeySpec(block.content()));
                    } catch (GeneralSecurityException notThisAlgorithm) {
                        // try the next
                    }
                }
                throw new IOException(file + " holds a private key of an algorithm other than RSA, EC or EdDSA");
            }
            if (block.type().endsWith("PRIVATE KEY")) {
                throw new IOException(file + " holds a " + block.type() + "; convert it to an unencrypted PKCS #8 key"
                        + " with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
            }
        }
        throw new IOException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Returns a key manager that presents {@code chain} (its own certificate first), signed with {@code key}. */
    public static X509KeyManager keyManager(PrivateKey key, List<X509Certificate> chain) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("dqlite", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY_PASSWORD);
            return first(factory.getKeyManagers(), X509KeyManager.class);
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not go with the certificate chain of "
                    + chain.get(0).getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    /** Returns a trust manager that accepts peers whose chain leads to one of {@code trusted}. */
    public static X509TrustManager trustManager(List<X509Certificate> trusted) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return first(factory.getTrustManagers(), X509TrustManager.class);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the given certificates: " + e.getMessage(), e);
        }
    }

    /** Returns the JVM's default trust manager (its cacerts). */
    public static X509TrustManager defaultTrustManager() throws IOException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return first(factory.getTrustManagers(), X509TrustManager.class);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the JVM's trusted certificates: " + e.getMessage(), e);
        }
    }

    /** Returns a TLS context that presents {@code keyManager}'s certificate, if any, and trusts as {@code trustManager}. */
    public static SSLContext context(X509KeyManager keyManager, X509TrustManager trustManager) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManager == null ? null : new KeyManager[] {keyManager},
                    new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static <T> T first(Object[] managers, Class<T> type) throws IOException {
        for (Object manager : managers) {
            if (type.isInstance(manager)) {
                return type.cast(manager);
            }
        }
        throw new IOException("the JVM offers no " + type.getSimpleName());
    }

    private record Block(String type, byte[] content) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " holds a PEM block (" + matcher.group(1) + ") that is not base64", e);
            }
        }
        return blocks;
    }
}
