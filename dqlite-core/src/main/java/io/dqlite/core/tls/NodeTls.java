package io.dqlite.core.tls;

import io.dqlite.jdbc.client.ClientTls;
import io.dqlite.jdbc.tls.PemTls;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * TLS on both of a node's ports. The Raft port always uses mutual TLS: a peer without a certificate signed by a
 * trusted authority is refused. The wire port asks clients for a certificate as {@code clientAuth} says. The node uses
 * the same certificate as a client of other nodes (forwarding to the leader, joining), checking that a node's
 * certificate names the host it dials, as gRPC does on the Raft port.
 *
 * @param keyManager presents this node's certificate
 * @param trustManager decides which peers' and clients' certificates are trusted
 * @param clientAuth whether the wire port requires, accepts or ignores client certificates
 */
public record NodeTls(X509KeyManager keyManager, X509TrustManager trustManager, ClientAuth clientAuth) {

    /** Whether the wire port asks clients for a certificate. */
    public enum ClientAuth {
        /** Every client must present a trusted certificate (dqlite's and go-dqlite's default). */
        REQUIRED,
        /** A client may present one; one it presents must be trusted. */
        OPTIONAL,
        /** Clients are not asked for one. */
        NONE
    }

    /** Checks that every part is set. */
    public NodeTls {
        if (keyManager == null || trustManager == null || clientAuth == null) {
            throw new IllegalArgumentException("node TLS needs a key manager, a trust manager and a client auth mode");
        }
    }

    /**
     * Reads the node's TLS from PEM files: its certificate chain, its unencrypted PKCS #8 key, and the certificates
     * that sign its peers' and clients' (for dqlite's single cluster certificate, the certificate file itself).
     */
    public static NodeTls fromPem(Path certificate, Path key, Path trustedCertificates, ClientAuth clientAuth)
            throws IOException {
        return new NodeTls(PemTls.keyManager(PemTls.privateKey(key), PemTls.certificates(certificate)),
                PemTls.trustManager(PemTls.certificates(trustedCertificates)), clientAuth);
    }

    /** Returns the TLS context of both the wire server and this node's wire clients. */
    public SSLContext context() throws IOException {
        return PemTls.context(keyManager, trustManager);
    }

    /** Returns how this node, as a client of other nodes' wire ports, speaks TLS. */
    public ClientTls client() throws IOException {
        return new ClientTls(context(), true);
    }

    /** Returns an unbound server socket of the wire port that asks clients for certificates as configured. */
    public SSLServerSocket serverSocket() throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context().getServerSocketFactory().createServerSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        parameters.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
        if (clientAuth == ClientAuth.OPTIONAL) {
            parameters.setWantClientAuth(true);
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** Returns Ratis' TLS configuration of the Raft port: mutual TLS with this node's certificate and trust. */
    public GrpcTlsConfig raft() {
        return new GrpcTlsConfig(keyManager, trustManager, true);
    }
}
