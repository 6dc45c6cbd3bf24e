package io.dqlite.standalone;

import io.dqlite.core.Member;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.RaftTiming;
import io.dqlite.core.raft.RaftTransport;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.roles.RoleTargets;
import io.dqlite.core.tls.NodeTls;
import io.dqlite.jdbc.client.NodeAddress;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the standalone node's flags and environment variables into a node's configuration, with the
 * defaults of the starter's {@code dqlite.*} properties, naming the flag or variable of the first invalid value.
 */
final class NodeConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private final OptionValues values;

    NodeConfigReader(OptionValues values) {
        this.values = values;
    }

    /** Returns the node's configuration, or throws naming the first flag or variable whose value is invalid. */
    NodeConfig read() throws InvalidOptionException {
        String nodeId = text(StandaloneOption.NODE_ID, "1");
        if (nodeId.isBlank()) {
            throw new InvalidOptionException(source(StandaloneOption.NODE_ID) + ": a node id is required");
        }
        List<Member> members = values.get(StandaloneOption.MEMBERS).isPresent() ? members(nodeId) : List.of(self(nodeId));
        NodeConfig config = new NodeConfig(nodeId, dataDirectory(), members, timing(), replication());
        Optional<OptionValues.Value> clusterName = values.get(StandaloneOption.CLUSTER_NAME);
        if (clusterName.isPresent()) {
            if (clusterName.get().text().isBlank()) {
                throw new InvalidOptionException(clusterName.get().source() + ": a cluster name must not be blank");
            }
            config = config.withClusterName(clusterName.get().text().strip());
        }
        NodeTls tls = tls();
        if (tls != null) {
            config = config.withTls(tls);
        }
        config = config.withRaftTransport(raftTransport(tls != null));
        RoleTargets roles = roles();
        if (roles != null) {
            config = config.withRoles(roles);
        }
        config = config.withFailureDomain(count(StandaloneOption.FAILURE_DOMAIN, 0));
        Optional<OptionValues.Value> bind = values.get(StandaloneOption.BIND_ADDRESS);
        return bind.isEmpty() ? config : config.withWireBindAddress(address(bind.get()).toString());
    }

    /** Returns the wire addresses of the running members this node joins, or none when it does not join. */
    List<String> join() throws InvalidOptionException {
        Optional<OptionValues.Value> value = values.get(StandaloneOption.JOIN);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> contacts = new ArrayList<>();
        for (String address : value.get().text().split(",")) {
            contacts.add(address(new OptionValues.Value(address.strip(), value.get().source())).toString());
        }
        return contacts;
    }

    /** Tells whether to rewrite this stopped node's configuration to itself alone, then exit. */
    boolean recover() throws InvalidOptionException {
        Optional<OptionValues.Value> value = values.get(StandaloneOption.RECOVER);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().text().strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidOptionException(value.get().source() + ": '" + value.get().text()
                    + "' is neither true nor false");
        };
    }

    private RaftTransport raftTransport(boolean tls) throws InvalidOptionException {
        Optional<OptionValues.Value> value = values.get(StandaloneOption.RAFT_TRANSPORT);
        if (value.isEmpty()) {
            return null;
        }
        RaftTransport transport = switch (value.get().text().strip()) {
            case "netty" -> RaftTransport.NETTY;
            case "grpc" -> RaftTransport.GRPC;
            default -> throw new InvalidOptionException(value.get().source() + ": '" + value.get().text()
                    + "' is neither netty nor grpc");
        };
        if (transport == RaftTransport.NETTY && tls) {
            throw new InvalidOptionException(value.get().source() + ": Ratis' Netty transport has no TLS; with TLS"
                    + " leave it unset or set grpc");
        }
        return transport;
    }

    private Member self(String nodeId) throws InvalidOptionException {
        OptionValues.Value wireValue = values.get(StandaloneOption.ADDRESS)
                .orElse(new OptionValues.Value("127.0.0.1:9001", StandaloneOption.ADDRESS.flag()));
        NodeAddress wire = address(wireValue);
        Optional<OptionValues.Value> raftValue = values.get(StandaloneOption.RAFT_ADDRESS);
        NodeAddress raft = raftValue.isPresent() ? address(raftValue.get()) : derivedRaftAddress(wire, wireValue.source());
        if (raft.equals(wire)) {
            throw new InvalidOptionException(source(StandaloneOption.RAFT_ADDRESS) + ": the Raft address " + raft
                    + " must differ from the wire address (" + wireValue.source() + ")");
        }
        return new Member(nodeId, raft.toString(), wire.toString());
    }

    private List<Member> members(String nodeId) throws InvalidOptionException {
        OptionValues.Value list = values.get(StandaloneOption.MEMBERS).orElseThrow();
        List<Member> members = new ArrayList<>();
        Map<String, String> addresses = new HashMap<>();
        String[] entries = list.text().split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = list.source() + " entry " + (i + 1) + " '" + entry + "'";
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new InvalidOptionException(where + " is not id=host:port[/raft-host:raft-port]");
            }
            String id = entry.substring(0, equals).strip();
            String[] parts = entry.substring(equals + 1).split("/", -1);
            if (parts.length > 2) {
                throw new InvalidOptionException(where + " has more than one '/'; write id=host:port[/raft-host:raft-port]");
            }
            NodeAddress wire = address(new OptionValues.Value(parts[0].strip(), where));
            NodeAddress raft = parts.length == 2 ? address(new OptionValues.Value(parts[1].strip(), where))
                    : derivedRaftAddress(wire, where);
            for (Member previous : members) {
                if (previous.id().equals(id)) {
                    throw new InvalidOptionException(where + ": duplicate id " + id);
                }
            }
            for (NodeAddress address : List.of(wire, raft)) {
                String previous = addresses.putIfAbsent(address.toString(), where);
                if (previous != null) {
                    throw new InvalidOptionException(where + ": address " + address + " is also used by " + previous);
                }
            }
            members.add(new Member(id, raft.toString(), wire.toString()));
        }
        Member self = members.stream().filter(member -> member.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> new InvalidOptionException(list.source() + " does not list this node's id " + nodeId
                        + " (" + source(StandaloneOption.NODE_ID) + "); its ids are "
                        + members.stream().map(Member::id).toList()));
        requireSame(StandaloneOption.ADDRESS, self.wireAddress(), list);
        requireSame(StandaloneOption.RAFT_ADDRESS, self.raftAddress(), list);
        return members;
    }

    /** Refuses a flag that contradicts this node's entry in the member list, so neither is silently ignored. */
    private void requireSame(StandaloneOption option, String fromMembers, OptionValues.Value list)
            throws InvalidOptionException {
        Optional<OptionValues.Value> given = values.get(option);
        if (given.isPresent() && !address(given.get()).toString().equals(fromMembers)) {
            throw new InvalidOptionException(given.get().source() + " is " + given.get().text() + " but this node's entry in "
                    + list.source() + " says " + fromMembers + "; give it in one place");
        }
    }

    private NodeTls tls() throws InvalidOptionException {
        List<StandaloneOption> files = List.of(StandaloneOption.TLS_CERTIFICATE, StandaloneOption.TLS_KEY,
                StandaloneOption.TLS_TRUSTED_CERTIFICATES);
        List<StandaloneOption> given = files.stream().filter(option -> values.get(option).isPresent()).toList();
        if (given.isEmpty()) {
            if (values.get(StandaloneOption.TLS_CLIENT_AUTH).isPresent()) {
                throw new InvalidOptionException(source(StandaloneOption.TLS_CLIENT_AUTH) + ": TLS is off; it needs "
                        + StandaloneOption.TLS_CERTIFICATE.flag() + ", " + StandaloneOption.TLS_KEY.flag() + " and "
                        + StandaloneOption.TLS_TRUSTED_CERTIFICATES.flag());
            }
            return null;
        }
        for (StandaloneOption option : files) {
            if (!given.contains(option)) {
                throw new InvalidOptionException(source(given.get(0)) + " needs " + option.flag() + " (or "
                        + option.environmentVariable() + ") too");
            }
        }
        NodeTls.ClientAuth clientAuth = switch (text(StandaloneOption.TLS_CLIENT_AUTH, "required").strip()) {
            case "required" -> NodeTls.ClientAuth.REQUIRED;
            case "optional" -> NodeTls.ClientAuth.OPTIONAL;
            case "none" -> NodeTls.ClientAuth.NONE;
            default -> throw new InvalidOptionException(source(StandaloneOption.TLS_CLIENT_AUTH) + ": '"
                    + text(StandaloneOption.TLS_CLIENT_AUTH, "") + "' is none of required, optional, none");
        };
        try {
            return NodeTls.fromPem(Path.of(text(StandaloneOption.TLS_CERTIFICATE, "")),
                    Path.of(text(StandaloneOption.TLS_KEY, "")),
                    Path.of(text(StandaloneOption.TLS_TRUSTED_CERTIFICATES, "")), clientAuth);
        } catch (IOException | InvalidPathException e) {
            throw new InvalidOptionException("TLS (" + String.join(", ", files.stream().map(this::source).toList())
                    + "): " + e.getMessage());
        }
    }

    private Path dataDirectory() throws InvalidOptionException {
        String directory = text(StandaloneOption.DATA_DIRECTORY, "dqlite-data");
        try {
            return Path.of(directory).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidOptionException(source(StandaloneOption.DATA_DIRECTORY) + ": '" + directory
                    + "' is not a path (" + e.getReason() + ")");
        }
    }

    private RaftTiming timing() throws InvalidOptionException {
        Duration min = duration(StandaloneOption.ELECTION_TIMEOUT_MIN, "400ms");
        Duration max = duration(StandaloneOption.ELECTION_TIMEOUT_MAX, "800ms");
        Duration apply = duration(StandaloneOption.APPLY_TIMEOUT, "10s");
        if (min.toMillis() < 50) {
            throw new InvalidOptionException(source(StandaloneOption.ELECTION_TIMEOUT_MIN) + ": must be at least 50ms");
        }
        if (max.compareTo(min) <= 0) {
            throw new InvalidOptionException(source(StandaloneOption.ELECTION_TIMEOUT_MAX) + ": must exceed "
                    + source(StandaloneOption.ELECTION_TIMEOUT_MIN) + " (" + min.toMillis() + "ms)");
        }
        if (apply.isZero()) {
            throw new InvalidOptionException(source(StandaloneOption.APPLY_TIMEOUT) + ": must be positive");
        }
        long threshold = count(StandaloneOption.SNAPSHOT_THRESHOLD, 10_000);
        if (threshold < 1) {
            throw new InvalidOptionException(source(StandaloneOption.SNAPSHOT_THRESHOLD) + ": must be at least 1 entry");
        }
        return new RaftTiming(min, max, apply, threshold, count(StandaloneOption.SNAPSHOT_TRAILING_ENTRIES, 1_000));
    }

    private RoleTargets roles() throws InvalidOptionException {
        long voters = count(StandaloneOption.VOTERS, 3);
        if (voters == 0) {
            return null;
        }
        Duration lostAfter = duration(StandaloneOption.LOST_AFTER, "5s");
        if (lostAfter.isZero()) {
            throw new InvalidOptionException(source(StandaloneOption.LOST_AFTER) + ": must be positive");
        }
        return new RoleTargets((int) Math.min(Integer.MAX_VALUE, voters),
                (int) Math.min(Integer.MAX_VALUE, count(StandaloneOption.STANDBYS, 3)), lostAfter);
    }

    private ReplicationSettings replication() throws InvalidOptionException {
        return ReplicationSettings.defaults().withStatementTimeout(duration(StandaloneOption.STATEMENT_TIMEOUT, "60s"));
    }

    private static NodeAddress address(OptionValues.Value value) throws InvalidOptionException {
        try {
            return NodeAddress.parse(value.text());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(value.source() + ": " + e.getMessage());
        }
    }

    private static NodeAddress derivedRaftAddress(NodeAddress wire, String source) throws InvalidOptionException {
        if (wire.port() + Member.RAFT_PORT_OFFSET > 65535) {
            throw new InvalidOptionException(source + ": no Raft port can be derived from " + wire + " (port + "
                    + Member.RAFT_PORT_OFFSET + " exceeds 65535); give the Raft address");
        }
        return new NodeAddress(wire.host(), wire.port() + Member.RAFT_PORT_OFFSET);
    }

    private Duration duration(StandaloneOption option, String defaultValue) throws InvalidOptionException {
        String text = text(option, defaultValue).strip();
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidOptionException(source(option) + ": '" + text
                    + "' is not a duration such as 500ms, 10s, 2m or 1h (a bare number is milliseconds)");
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(source(option) + ": '" + text + "' is too large");
        }
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private long count(StandaloneOption option, long defaultValue) throws InvalidOptionException {
        Optional<OptionValues.Value> value = values.get(option);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long count = Long.parseLong(value.get().text().strip());
            if (count < 0) {
                throw new InvalidOptionException(value.get().source() + ": must not be negative");
            }
            return count;
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(value.get().source() + ": '" + value.get().text() + "' is not a whole number");
        }
    }

    private String text(StandaloneOption option, String defaultValue) {
        return values.get(option).map(OptionValues.Value::text).orElse(defaultValue);
    }

    /** Names where {@code option} came from: its flag, its variable, or its flag when it was not given at all. */
    private String source(StandaloneOption option) {
        return values.get(option).map(OptionValues.Value::source).orElse(option.flag());
    }
}
