package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Member;
import io.dqlite.core.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks, before a node starts, that its data directory is writable and its addresses can be bound,
 * naming the property to fix when they are not.
 */
final class NodeEnvironmentCheck {

    private static final Logger log = LoggerFactory.getLogger(NodeEnvironmentCheck.class);

    private final NodeConfig config;
    private final NodeConfigFactory properties;

    NodeEnvironmentCheck(NodeConfig config, NodeConfigFactory properties) {
        this.config = config;
        this.properties = properties;
    }

    /**
     * Throws naming the property whose directory or address is unusable, and warns, naming the
     * property, of each member whose host does not resolve (a typo such as {@code 127.0.0.l}, or a
     * name not yet published): this node cannot reach it until it does.
     */
    void run() {
        requireWritable(config.dataDirectory());
        requireBindable("wire address", config.wireListenAddress(), properties.wireListenProperty());
        requireBindable("Raft address", config.raftListenAddress(), properties.raftListenProperty());
        unresolvedMembers().forEach(log::warn);
    }

    /** Returns a message for each member address whose host does not resolve. */
    List<String> unresolvedMembers() {
        List<String> problems = new ArrayList<>();
        List<Member> members = config.members();
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            for (boolean raft : new boolean[] { false, true }) {
                String address = raft ? member.raftAddress() : member.wireAddress();
                String property = properties.memberAddressProperty(i, raft);
                String host = HostPort.parse(property, address).host();
                try {
                    InetAddress.getByName(host);
                } catch (UnknownHostException e) {
                    problems.add(property + ": the host '" + host + "' of member " + member.id() + "'s "
                            + (raft ? "Raft" : "wire") + " address " + address + " does not resolve; this node cannot"
                            + " reach that member until it does (a typo, or a name not yet published)");
                }
            }
        }
        return problems;
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
