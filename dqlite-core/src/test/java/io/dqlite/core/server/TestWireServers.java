package io.dqlite.core.server;

import io.dqlite.core.Node;
import java.io.IOException;

/** Wire servers for tests: on 127.0.0.1, on a port the system picks, serving a node of a test cluster. */
final class TestWireServers {

    private TestWireServers() {
    }

    /** Starts a wire server with {@code settings} for {@code node} on 127.0.0.1 and a free port. */
    static WireServer start(Node node, WireServerSettings settings) throws IOException {
        return WireServer.start(node, "127.0.0.1:0", settings, null);
    }

    /** Returns the host:port clients reach {@code server} at. */
    static String address(WireServer server) {
        return "127.0.0.1:" + server.port();
    }
}
