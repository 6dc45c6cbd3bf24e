package io.dqlite.core.server;

import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** A bare wire-protocol connection for tests: requests in, decoded responses out, or raw bytes. */
final class RawWireClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code address} (host:port) without a handshake. */
    static RawWireClient connect(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                5000);
        socket.setSoTimeout(30_000);
        // a request goes out as a header and a body: Nagle's algorithm would hold the body for the header's ACK
        socket.setTcpNoDelay(true);
        return new RawWireClient(socket);
    }

    /** Connects and sends protocol version 1. */
    static RawWireClient handshake(String address) throws IOException {
        RawWireClient client = connect(address);
        ProtocolVersion.write(client.out, ProtocolVersion.VERSION_ONE);
        return client;
    }

    /** Sends {@code request} and returns the response; for a query, every batch of its rows merged. */
    Response call(Request request) throws IOException {
        request.encode().write(out);
        Response response = receive();
        if (!(response instanceof Response.Rows rows) || rows.done()) {
            return response;
        }
        List<io.dqlite.jdbc.protocol.Row> all = new ArrayList<>(rows.rows());
        while (!rows.done()) {
            rows = (Response.Rows) receive();
            all.addAll(rows.rows());
        }
        return new Response.Rows(rows.columns(), all, true);
    }

    /** Reads the next response, one message of a query's rows at a time. */
    Response receive() throws IOException {
        Frame frame = Frame.read(in, Frame.DEFAULT_MAX_BODY_BYTES);
        if (frame == null) {
            throw new EOFException("the server closed the connection");
        }
        return Response.decode(frame);
    }

    /** Returns {@code request} as the bytes of its message, to send ahead of reading answers. */
    static byte[] encoded(Request request) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        request.encode().write(bytes);
        return bytes.toByteArray();
    }

    /** Sends raw bytes. */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Tells whether the server closed the connection: a read sees the end of the stream, or a reset, rather than
     * data or nothing for the read timeout.
     */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
