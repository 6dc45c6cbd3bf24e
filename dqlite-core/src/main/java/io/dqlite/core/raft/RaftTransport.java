package io.dqlite.core.raft;

/**
 * The RPC layer Raft messages travel on between the nodes of a cluster; every member of a cluster must use the same
 * one, since a node of one cannot read the other's messages.
 */
public enum RaftTransport {

    /**
     * Ratis' Netty RPC: protobuf messages over plain TCP, one append in flight per follower. It has no TLS in Ratis
     * 3.3; on a plain network it commits faster than gRPC (BENCHMARKS.md, "Ratis' Netty transport against gRPC").
     */
    NETTY,

    /** Ratis' gRPC RPC: streams of appends over HTTP/2, with mutual TLS when the node has TLS. */
    GRPC;

    /** Returns the transport a node uses when none is configured: Netty on plain TCP, gRPC with TLS. */
    public static RaftTransport defaultFor(boolean tls) {
        return tls ? GRPC : NETTY;
    }
}
