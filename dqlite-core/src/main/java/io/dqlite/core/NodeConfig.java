package io.dqlite.core;

import io.dqlite.core.raft.RaftTransport;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.roles.RoleTargets;
import io.dqlite.core.server.WireServerSettings;
import io.dqlite.core.tls.NodeTls;
import io.dqlite.jdbc.client.ClientSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a node needs to start.
 *
 * @param nodeId this node's id; must be one of {@code members}
 * @param dataDirectory where the node keeps its Raft log, snapshots and databases
 * @param members the initial cluster, this node included
 * @param timing Raft timing
 * @param replication how the leader runs its databases
 * @param wireBindAddress the host:port the wire server listens on, or null for this node's own wire address; it
 *        differs when clients reach the node through a forwarded port, as in a container (dqlite's bind address)
 * @param raftBindAddress the host:port the Raft server listens on, or null for this node's own Raft address
 * @param server the limits of the wire server and of what its clients may hold on the node
 * @param clusterName the name of the cluster this node belongs to, or null: a node refuses data, and contacts to
 *        join, of a cluster with another name; a cluster created without a name gets an id of its own (see
 *        {@link io.dqlite.core.raft.ClusterIdentity#bootstrap})
 * @param tls TLS on both ports, or null for plain TCP
 * @param roles the voters and standbys the node keeps while it leads, or null to leave roles as they are changed
 * @param failureDomain where the node runs (a zone, a rack), as a number: automatic roles spread voters across
 *        failure domains when they can; dqlite's DESCRIBE reports it
 * @param raftTransport the RPC layer of Raft messages between the nodes, or null for the default of
 *        {@link RaftTransport#defaultFor}: Netty on plain TCP, gRPC with TLS (see {@link #transport()})
 */
public record NodeConfig(String nodeId, Path dataDirectory, List<Member> members, RaftTiming timing,
        ReplicationSettings replication, String wireBindAddress, String raftBindAddress, WireServerSettings server,
        String clusterName, NodeTls tls, RoleTargets roles, long failureDomain, RaftTransport raftTransport) {

    /** Creates the configuration of a node whose servers listen on its own wire and Raft addresses, with default limits. */
    public NodeConfig(String nodeId, Path dataDirectory, List<Member> members, RaftTiming timing,
            ReplicationSettings replication) {
        this(nodeId, dataDirectory, members, timing, replication, null, null, WireServerSettings.defaults(), null,
                null, null, 0, null);
    }

    public NodeConfig {
        Member.requireText(nodeId, "node id");
        if (wireBindAddress != null) {
            Member.requireHostPort(wireBindAddress, "wire bind address of node " + nodeId);
        }
        if (raftBindAddress != null) {
            Member.requireHostPort(raftBindAddress, "Raft bind address of node " + nodeId);
        }
        if (dataDirectory == null) {
            throw new IllegalArgumentException("data directory must be set");
        }
        if (server == null) {
            throw new IllegalArgumentException("wire server settings must be set");
        }
        if (clusterName != null) {
            Member.requireText(clusterName, "cluster name");
        }
        if (tls != null && raftTransport == RaftTransport.NETTY) {
            throw new IllegalArgumentException("the Netty Raft transport has no TLS (Ratis 3.3 offers none on it):"
                    + " a node with TLS needs the gRPC transport");
        }
        members = List.copyOf(members);
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Member member : members) {
            if (!ids.add(member.id())) {
                throw new IllegalArgumentException("member id " + member.id() + " appears twice");
            }
            for (String address : List.of(member.raftAddress(), member.wireAddress())) {
                if (!addresses.add(address)) {
                    throw new IllegalArgumentException("address " + address + " is used twice among the members");
                }
            }
        }
        if (!ids.contains(nodeId)) {
            throw new IllegalArgumentException("the members do not contain this node's id " + nodeId);
        }
    }

    /** Returns this node's own entry among the members. */
    public Member self() {
        return members.stream().filter(member -> member.id().equals(nodeId)).findFirst().orElseThrow();
    }

    /** Returns the host:port the wire server listens on: the bind address if set, this node's wire address otherwise. */
    public String wireListenAddress() {
        return wireBindAddress == null ? self().wireAddress() : wireBindAddress;
    }

    /** Returns the host:port the Raft server listens on: the bind address if set, this node's Raft address otherwise. */
    public String raftListenAddress() {
        return raftBindAddress == null ? self().raftAddress() : raftBindAddress;
    }

    /** Returns this configuration with the wire server listening on {@code address} (host:port) instead. */
    public NodeConfig withWireBindAddress(String address) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, address, raftBindAddress, server,
                clusterName, tls, roles, failureDomain, raftTransport);
    }

    /**
     * Returns this configuration with both servers listening on {@code host} (e.g. 0.0.0.0) at the ports of this
     * node's own addresses, which peers and clients keep using.
     */
    public NodeConfig withBindHost(String host) {
        Member.requireText(host, "bind host of node " + nodeId);
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication,
                host + ":" + port(self().wireAddress()), host + ":" + port(self().raftAddress()), server, clusterName,
                tls, roles, failureDomain, raftTransport);
    }

    /** Returns the RPC layer of Raft messages: the configured one, or Netty on plain TCP and gRPC with TLS. */
    public RaftTransport transport() {
        return raftTransport == null ? RaftTransport.defaultFor(tls != null) : raftTransport;
    }

    /** Returns this configuration with Raft messages on {@code transport}, or on the default for its TLS if null. */
    public NodeConfig withRaftTransport(RaftTransport transport) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, wireBindAddress, raftBindAddress,
                server, clusterName, tls, roles, failureDomain, transport);
    }

    /** Returns this configuration with the wire server's limits replaced by {@code settings}. */
    public NodeConfig withServer(WireServerSettings settings) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, wireBindAddress, raftBindAddress,
                settings, clusterName, tls, roles, failureDomain, raftTransport);
    }

    /** Returns this configuration for a node of the cluster called {@code name}. */
    public NodeConfig withClusterName(String name) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, wireBindAddress, raftBindAddress,
                server, name, tls, roles, failureDomain, raftTransport);
    }

    /** Returns this configuration with TLS on both ports as {@code tls} says, or plain TCP if it is null. */
    public NodeConfig withTls(NodeTls tls) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, wireBindAddress, raftBindAddress,
                server, clusterName, tls, roles, failureDomain, raftTransport);
    }

    /**
     * Returns this configuration with automatic roles: while the node leads, it keeps {@code targets} voters and
     * standbys, promoting standbys when voters are lost; null leaves roles as they are changed.
     */
    public NodeConfig withRoles(RoleTargets targets) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, wireBindAddress, raftBindAddress,
                server, clusterName, tls, targets, failureDomain, raftTransport);
    }

    /** Returns this configuration for a node running in failure domain {@code domain}. */
    public NodeConfig withFailureDomain(long domain) {
        return new NodeConfig(nodeId, dataDirectory, members, timing, replication, wireBindAddress, raftBindAddress,
                server, clusterName, tls, roles, domain, raftTransport);
    }

    /** Returns the default settings of this node as a client of other nodes' wire ports, TLS included. */
    public ClientSettings clientSettings() throws IOException {
        return tls == null ? ClientSettings.defaults() : ClientSettings.defaults().withTls(tls.client());
    }

    private static String port(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }
}
