package io.dqlite.jdbc.client;

import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A stand-in node on 127.0.0.1 that names itself leader and opens any database as id 0, and
 * answers every other request as the test says, e.g. by hanging up as a leader that dies
 * mid-statement does.
 */
final class StandInLeader implements AutoCloseable {

    /** What the stand-in does with a request other than LEADER and OPEN. */
    @FunctionalInterface
    interface Answer {

        /** Answers {@code request}; returns false to hang up. */
        boolean answer(Request request, InputStream in, OutputStream out) throws IOException;
    }

    /** Hangs up on every request other than LEADER and OPEN. */
    static final Answer HANG_UP = (request, in, out) -> false;

    private final ServerSocket server;
    private final String address;
    private final Answer answer;

    StandInLeader(Answer answer) throws IOException {
        this.answer = answer;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        address = "127.0.0.1:" + server.getLocalPort();
        Thread node = new Thread(this::serve, "stand-in-leader");
        node.setDaemon(true);
        node.start();
    }

    /** Returns the host:port the stand-in listens on. */
    String address() {
        return address;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                ProtocolVersion.read(in);
                for (Frame frame = Frame.read(in, 1 << 20); frame != null; frame = Frame.read(in, 1 << 20)) {
                    Request request = Request.decode(frame);
                    if (request instanceof Request.Leader) {
                        new Response.Server(1, address).encode().write(out);
                    } else if (request instanceof Request.Open) {
                        new Response.Db(0).encode().write(out);
                    } else if (!answer.answer(request, in, out)) {
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
