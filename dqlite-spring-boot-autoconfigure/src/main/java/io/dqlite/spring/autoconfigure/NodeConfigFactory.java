package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Member;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.RaftTiming;
import io.dqlite.core.raft.RaftTransport;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.roles.RoleTargets;
import io.dqlite.core.tls.NodeTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/** Translates {@link DqliteProperties} into a node's configuration, naming the property that is invalid. */
final class NodeConfigFactory {

    private final DqliteProperties properties;
    private final SslBundles sslBundles;

    /** Reads {@code properties}, taking the bundle dqlite.ssl.bundle names from {@code sslBundles} (may be null). */
    NodeConfigFactory(DqliteProperties properties, SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    /** Returns the node's configuration, or throws naming the first invalid property. */
    NodeConfig create() {
        String nodeId = properties.getNodeId();
        if (nodeId == null || nodeId.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("dqlite.node-id", nodeId, "a node id is required");
        }
        if (properties.getDataDirectory() == null) {
            throw new InvalidConfigurationPropertyValueException("dqlite.data-directory", null,
                    "a data directory is required");
        }
        if (!properties.getJoin().isEmpty()) {
            requireJoinable(nodeId);
        }
        List<Member> members = properties.getMembers().isEmpty() ? List.of(self(nodeId)) : members(nodeId);
        NodeConfig config = new NodeConfig(nodeId, properties.getDataDirectory().toAbsolutePath().normalize(), members,
                timing(), replication()).withServer(new WireServerSettingsFactory(properties).create());
        String clusterName = properties.getClusterName();
        if (clusterName != null) {
            if (clusterName.isBlank()) {
                throw new InvalidConfigurationPropertyValueException("dqlite.cluster-name", clusterName,
                        "a cluster name must not be blank; leave it unset for an unnamed cluster");
            }
            config = config.withClusterName(clusterName.strip());
        }
        NodeTls tls = tls();
        if (tls != null) {
            config = config.withTls(tls);
        }
        config = withRaftTransport(config, tls != null);
        if (properties.getRoles().isEnabled()) {
            config = config.withRoles(roles());
        }
        config = config.withFailureDomain(properties.getRoles().getFailureDomain());
        String bindHost = properties.getBindHost();
        if (bindHost == null) {
            return config;
        }
        if (bindHost.isBlank() || bindHost.contains(":") && !bindHost.startsWith("[")) {
            throw new InvalidConfigurationPropertyValueException("dqlite.bind-host", bindHost,
                    "a host name or address without a port is required, e.g. 0.0.0.0");
        }
        return config.withBindHost(bindHost);
    }

    private RoleTargets roles() {
        DqliteProperties.Roles roles = properties.getRoles();
        if (roles.getVoters() < 1) {
            throw new InvalidConfigurationPropertyValueException("dqlite.roles.voters", roles.getVoters(),
                    "must be at least 1; set dqlite.roles.enabled=false to leave roles as they are changed");
        }
        if (roles.getStandbys() < 0) {
            throw new InvalidConfigurationPropertyValueException("dqlite.roles.standbys", roles.getStandbys(),
                    "must not be negative");
        }
        Duration lostAfter = roles.getLostAfter();
        if (lostAfter == null || lostAfter.isNegative() || lostAfter.isZero()) {
            throw new InvalidConfigurationPropertyValueException("dqlite.roles.lost-after", lostAfter,
                    "must be positive");
        }
        return new RoleTargets(roles.getVoters(), roles.getStandbys(), lostAfter);
    }

    private NodeConfig withRaftTransport(NodeConfig config, boolean tls) {
        RaftTransport transport = properties.getRaftTransport();
        if (transport == RaftTransport.NETTY && tls) {
            throw new InvalidConfigurationPropertyValueException("dqlite.raft-transport", transport,
                    "Ratis' Netty transport has no TLS: with dqlite.ssl.bundle set, leave dqlite.raft-transport unset or set"
                            + " it to grpc");
        }
        return config.withRaftTransport(transport);
    }

    private NodeTls tls() {
        String name = properties.getSsl().getBundle();
        if (name == null) {
            return null;
        }
        if (sslBundles == null) {
            throw new InvalidConfigurationPropertyValueException("dqlite.ssl.bundle", name,
                    "the application has no SSL bundles; define one under spring.ssl.bundle.pem." + name);
        }
        SslBundle bundle;
        try {
            bundle = sslBundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidConfigurationPropertyValueException("dqlite.ssl.bundle", name, "there is no SSL bundle '"
                    + name + "'; define it under spring.ssl.bundle.pem." + name + " (or .jks." + name + ")");
        }
        X509KeyManager keyManager = first(bundle.getManagers().getKeyManagers(), X509KeyManager.class);
        X509TrustManager trustManager = first(bundle.getManagers().getTrustManagers(), X509TrustManager.class);
        if (keyManager == null || trustManager == null) {
            throw new InvalidConfigurationPropertyValueException("dqlite.ssl.bundle", name, "the SSL bundle needs both"
                    + " a key store (this node's certificate and key) and a trust store (the certificates that sign"
                    + " its peers' and clients')");
        }
        return new NodeTls(keyManager, trustManager, switch (properties.getSsl().getClientAuth()) {
            case NEED -> NodeTls.ClientAuth.REQUIRED;
            case WANT -> NodeTls.ClientAuth.OPTIONAL;
            case NONE -> NodeTls.ClientAuth.NONE;
        });
    }

    private static <T> T first(Object[] managers, Class<T> type) {
        if (managers == null) {
            return null;
        }
        for (Object manager : managers) {
            if (type.isInstance(manager)) {
                return type.cast(manager);
            }
        }
        return null;
    }

    private ReplicationSettings replication() {
        Duration statementTimeout = properties.getStatementTimeout();
        if (statementTimeout == null || statementTimeout.isNegative()) {
            throw new InvalidConfigurationPropertyValueException("dqlite.statement-timeout", statementTimeout,
                    "must be 0 (no limit) or positive");
        }
        int depth = properties.getCommitPipelineDepth();
        if (depth < 1 || depth > 16) {
            throw new InvalidConfigurationPropertyValueException("dqlite.commit-pipeline-depth", depth,
                    "must be between 1 and 16");
        }
        Duration gather = properties.getCommitGatherTime();
        if (gather == null || gather.isNegative() || gather.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new InvalidConfigurationPropertyValueException("dqlite.commit-gather-time", gather,
                    "must be between 0 (never wait) and 1s");
        }
        return ReplicationSettings.defaults().withStatementTimeout(statementTimeout)
                .withMaxBufferedResultBytes(new WireServerSettingsFactory(properties).maxBufferedResultBytes())
                .withCommitPipelineDepth(depth).withCommitGatherTime(gather);
    }

    // what the wire protocol's ADD can carry: a numeric id and a wire address from which the Raft port follows
    private void requireJoinable(String nodeId) {
        if (!properties.getMembers().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException("dqlite.join", properties.getJoin(),
                    "list either dqlite.members (to bootstrap a cluster) or dqlite.join (to join one), not both");
        }
        try {
            if (Long.parseUnsignedLong(nodeId) == 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationPropertyValueException("dqlite.node-id", nodeId,
                    "a node that joins (dqlite.join) needs a positive number as its id, as the wire protocol carries");
        }
        HostPort wire = HostPort.parse("dqlite.address", properties.getAddress());
        if (properties.getRaftAddress() != null
                && !HostPort.parse("dqlite.raft-address", properties.getRaftAddress())
                        .equals(wire.derivedRaftAddress("dqlite.address"))) {
            throw new InvalidConfigurationPropertyValueException("dqlite.raft-address", properties.getRaftAddress(),
                    "a node that joins (dqlite.join) must use the default Raft address, its wire port + 1000 ("
                            + wire.derivedRaftAddress("dqlite.address") + "): the cluster learns only its wire address");
        }
    }

    /** Returns the name of the property that sets where this node's wire server listens. */
    String wireListenProperty() {
        return properties.getBindHost() == null ? addressProperty() : "dqlite.bind-host";
    }

    /** Returns the name of the property that sets where this node's Raft server listens. */
    String raftListenProperty() {
        return properties.getBindHost() == null ? raftAddressProperty() : "dqlite.bind-host";
    }

    /** Returns the name of the property that holds this node's wire address. */
    String addressProperty() {
        return properties.getMembers().isEmpty() ? "dqlite.address" : memberProperty(selfIndex(), "address");
    }

    /** Returns the name of the property that holds, or whose value derives, this node's Raft address. */
    String raftAddressProperty() {
        if (properties.getMembers().isEmpty()) {
            return properties.getRaftAddress() == null ? "dqlite.address" : "dqlite.raft-address";
        }
        int index = selfIndex();
        return properties.getMembers().get(index).getRaftAddress() == null ? memberProperty(index, "address")
                : memberProperty(index, "raft-address");
    }

    private Member self(String nodeId) {
        HostPort wire = HostPort.parse("dqlite.address", properties.getAddress());
        HostPort raft = properties.getRaftAddress() == null ? wire.derivedRaftAddress("dqlite.address")
                : HostPort.parse("dqlite.raft-address", properties.getRaftAddress());
        if (raft.equals(wire)) {
            throw new InvalidConfigurationPropertyValueException("dqlite.raft-address", raft.toString(),
                    "the Raft address must differ from the wire address (dqlite.address)");
        }
        return new Member(nodeId, raft.toString(), wire.toString());
    }

    private List<Member> members(String nodeId) {
        List<Member> members = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        List<DqliteProperties.Member> configured = properties.getMembers();
        for (int i = 0; i < configured.size(); i++) {
            DqliteProperties.Member member = configured.get(i);
            String idProperty = memberProperty(i, "id");
            if (member.getId() == null || member.getId().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(idProperty, member.getId(), "a member id is required");
            }
            String previous = ids.putIfAbsent(member.getId(), idProperty);
            if (previous != null) {
                throw new InvalidConfigurationPropertyValueException(idProperty, member.getId(),
                        "duplicate id " + member.getId() + " (also " + previous + ")");
            }
            String wireProperty = memberProperty(i, "address");
            HostPort wire = HostPort.parse(wireProperty, member.getAddress());
            String raftProperty = member.getRaftAddress() == null ? wireProperty : memberProperty(i, "raft-address");
            HostPort raft = member.getRaftAddress() == null ? wire.derivedRaftAddress(wireProperty)
                    : HostPort.parse(raftProperty, member.getRaftAddress());
            requireUnused(addresses, wire, wireProperty);
            requireUnused(addresses, raft, raftProperty);
            members.add(new Member(member.getId(), raft.toString(), wire.toString()));
        }
        if (!ids.containsKey(nodeId)) {
            throw new InvalidConfigurationPropertyValueException("dqlite.members", ids.keySet().toString(),
                    "does not contain this node's id " + nodeId + " (dqlite.node-id)");
        }
        return members;
    }

    private static void requireUnused(Map<String, String> addresses, HostPort address, String property) {
        String previous = addresses.putIfAbsent(address.toString(), property);
        if (previous != null) {
            throw new InvalidConfigurationPropertyValueException(property, address.toString(),
                    "duplicate address " + address + " (also " + previous + ")");
        }
    }

    private RaftTiming timing() {
        Duration min = properties.getElection().getTimeoutMin();
        Duration max = properties.getElection().getTimeoutMax();
        if (min == null || min.toMillis() < 50) {
            throw new InvalidConfigurationPropertyValueException("dqlite.election.timeout-min", min,
                    "must be at least 50 ms");
        }
        if (max == null || max.compareTo(min) <= 0) {
            throw new InvalidConfigurationPropertyValueException("dqlite.election.timeout-max", max,
                    "must exceed dqlite.election.timeout-min (" + min + ")");
        }
        Duration applyTimeout = properties.getApplyTimeout();
        if (applyTimeout == null || applyTimeout.isNegative() || applyTimeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException("dqlite.apply-timeout", applyTimeout, "must be positive");
        }
        DqliteProperties.Snapshot snapshot = properties.getSnapshot();
        if (snapshot.getThreshold() < 1) {
            throw new InvalidConfigurationPropertyValueException("dqlite.snapshot.threshold", snapshot.getThreshold(),
                    "must be at least 1 entry");
        }
        if (snapshot.getTrailingEntries() < 0) {
            throw new InvalidConfigurationPropertyValueException("dqlite.snapshot.trailing-entries",
                    snapshot.getTrailingEntries(), "must not be negative");
        }
        return new RaftTiming(min, max, applyTimeout, snapshot.getThreshold(), snapshot.getTrailingEntries());
    }

    /**
     * Returns the name of the property that holds, or whose value derives, member {@code index}'s wire
     * address (or its Raft address when {@code raft}); members are in the order the properties list them.
     */
    String memberAddressProperty(int index, boolean raft) {
        if (properties.getMembers().isEmpty()) {
            return raft ? raftAddressProperty() : addressProperty();
        }
        if (raft && properties.getMembers().get(index).getRaftAddress() != null) {
            return memberProperty(index, "raft-address");
        }
        return memberProperty(index, "address");
    }

    private int selfIndex() {
        List<DqliteProperties.Member> members = properties.getMembers();
        for (int i = 0; i < members.size(); i++) {
            if (properties.getNodeId().equals(members.get(i).getId())) {
                return i;
            }
        }
        throw new IllegalStateException("dqlite.members does not contain this node's id " + properties.getNodeId());
    }

    private static String memberProperty(int index, String name) {
        return "dqlite.members[" + index + "]." + name;
    }
}
