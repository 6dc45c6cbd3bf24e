package io.dqlite.jdbc.client;

import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A stand-in node on 127.0.0.1 that names itself leader, opens any database as id 0, and hangs
 * up on every other request, as a leader that dies mid-statement does.
 */
final class HangingUpLeader implements AutoCloseable {

    private final ServerSocket server;
    private final String address;

    HangingUpLeader() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        address = "127.0.0.1:" + server.getLocalPort();
        Thread node = new Thread(this::serve, "hanging-up-leader");
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
                ProtocolVersion.read(socket.getInputStream());
                for (Frame frame = Frame.read(socket.getInputStream(), 1 << 20); frame != null;
                        frame = Frame.read(socket.getInputStream(), 1 << 20)) {
                    Request request = Request.decode(frame);
                    if (request instanceof Request.Leader) {
                        new Response.Server(1, address).encode().write(socket.getOutputStream());
                    } else if (request instanceof Request.Open) {
                        new Response.Db(0).encode().write(socket.getOutputStream());
                    } else {
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
