package io.dqlite.jdbc.client;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How a client speaks TLS to nodes: the context that holds its certificate, if any, and the certificates it trusts,
 * and whether a node's certificate must name the host the client dialled (as HTTPS checks it).
 *
 * @param context the TLS context
 * @param verifyHostname whether the node's certificate must name the host the client connects to
 */
public record ClientTls(SSLContext context, boolean verifyHostname) {

    /** Checks that the context is set. */
    public ClientTls {
        if (context == null) {
            throw new IllegalArgumentException("a TLS context is required");
        }
    }

    /** Runs the TLS handshake over the connected {@code socket} to {@code host}:{@code port}, within {@code timeout}. */
    SSLSocket handshake(Socket socket, String host, int port, Duration timeout) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        try {
            tls.startHandshake();
        } catch (IOException e) {
            throw new IOException("TLS handshake with " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
        return tls;
    }
}
