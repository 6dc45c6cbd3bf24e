package io.dqlite.spring.autoconfigure;

import io.dqlite.core.NodeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks, before a node starts, that its data directory is writable and its addresses can be bound,
 * naming the property to fix when they are not.
 */
final class NodeEnvironmentCheck {

    private final NodeConfig config;
    private final NodeConfigFactory properties;

    NodeEnvironmentCheck(NodeConfig config, NodeConfigFactory properties) {
        this.config = config;
        this.properties = properties;
    }

    /** Throws naming the property whose directory or address is unusable. */
    void run() {
        requireWritable(config.dataDirectory());
        requireBindable("wire address", config.self().wireAddress(), properties.addressProperty());
        requireBindable("Raft address", config.self().raftAddress(), properties.raftAddressProperty());
    }

    private static void requireWritable(Path directory) {
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InvalidConfigurationPropertyValueException("dqlite.data-directory", directory.toString(),
                    "the directory cannot be created or written to (" + e + ")");
        }
    }

    private static void requireBindable(String what, String address, String property) {
        HostPort hostPort = HostPort.parse(property, address);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(hostPort.host(), hostPort.port()));
        } catch (IOException e) {
            throw new InvalidConfigurationPropertyValueException(property, address,
                    "this node cannot listen on its " + what + " " + address + " (" + e.getMessage() + ")");
        }
    }
}
