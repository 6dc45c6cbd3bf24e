package io.dqlite.standalone;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A setting of the standalone node: its command-line flag, the environment variable that sets it when the
 * flag is absent, its default and its meaning. The names are those of the starter's {@code dqlite.*}
 * properties, with the election and snapshot groups flattened.
 */
public enum StandaloneOption {

    /** Id of this node. */
    NODE_ID("node-id", "1", "id of this node, unique in the cluster; one of the members' ids when members are listed"),

    /** Address clients reach this node's wire-protocol server at. */
    ADDRESS("address", "127.0.0.1:9001",
            "host:port clients reach this node's wire-protocol server at, as the cluster tells them; when members are"
                    + " listed, this node's entry sets it"),

    /** Address the wire-protocol server listens on. */
    BIND_ADDRESS("bind-address", "the wire address",
            "host:port the wire-protocol server listens on, when clients reach it at another address (0.0.0.0:9001"
                    + " in a container whose port is published on another)"),

    /** Address of this node's Raft server. */
    RAFT_ADDRESS("raft-address", "wire host, port + 1000",
            "host:port of this node's Raft server; when members are listed, this node's entry sets it"),

    /** RPC layer of Raft messages between the nodes. */
    RAFT_TRANSPORT("raft-transport", "netty, or grpc with TLS",
            "RPC layer of Raft messages between the nodes, the same on every member: netty (faster, plain TCP only) or"
                    + " grpc (which TLS needs)"),

    /** Members of the cluster. */
    MEMBERS("members", "none: a single-node cluster",
            "the cluster's members, this node included, as id=host:port[/raft-host:raft-port],...; a member's Raft"
                    + " address defaults to its wire host with port + 1000"),

    /** Name of the cluster. */
    CLUSTER_NAME("cluster-name", "none",
            "name of the cluster: the node refuses a data directory of a cluster of another name, and to join one;"
                    + " unset, a new cluster gets an id of its own"),

    /** Certificate chain of the node, for TLS. */
    TLS_CERTIFICATE("tls-certificate", "none: plain TCP",
            "PEM file of this node's certificate chain: with --tls-key and --tls-trusted-certificates, the Raft port"
                    + " uses mutual TLS, the wire port TLS, and the node's own connections to other nodes TLS too"),

    /** Private key of the node, for TLS. */
    TLS_KEY("tls-key", "none", "PEM file of this node's unencrypted PKCS #8 private key"),

    /** Certificates trusted for TLS. */
    TLS_TRUSTED_CERTIFICATES("tls-trusted-certificates", "none",
            "PEM file of the certificates that sign peers' and clients' certificates (for dqlite's single cluster"
                    + " certificate, that certificate)"),

    /** Whether the wire port asks clients for certificates. */
    TLS_CLIENT_AUTH("tls-client-auth", "required",
            "whether the wire port requires client certificates (required), accepts them (optional) or does not ask"
                    + " (none)"),

    /** Voters the cluster keeps. */
    VOTERS("voters", "3",
            "voters the leader keeps: while fewer answer, it makes a standby a voter, and a lost voter it replaced"
                    + " leaves the configuration; 0 leaves roles as they are changed"),

    /** Standbys the cluster keeps. */
    STANDBYS("standbys", "3", "standbys the leader keeps ready to become voters; nodes beyond the targets stay standbys"),

    /** Silence after which a member counts as lost. */
    LOST_AFTER("lost-after", "5s", "how long a member may not answer the leader before it counts as lost"),

    /** Failure domain of the node. */
    FAILURE_DOMAIN("failure-domain", "0",
            "failure domain of this node (a zone or rack, as a number): voters are spread across domains when they can"
                    + " be; dqlite's DESCRIBE reports it"),

    /** Running members to join. */
    JOIN("join", "none",
            "wire addresses (host:port,...) of running members of a cluster this node joins: the leader adds it,"
                    + " it catches up and becomes a voter; its id must be a number, its Raft port its wire port + 1000,"
                    + " and it lists no members; a node that joined before restarts as a member"),

    /** Recovery after a lost quorum. */
    RECOVER("recover", "false",
            "true rewrites this stopped node's Raft log so that it is its cluster's only voter, after a majority"
                    + " was lost for good, then exits; start it again without this flag and with no members"),

    /** Directory of the node's data. */
    DATA_DIRECTORY("data-directory", "dqlite-data", "where the node keeps its Raft log, snapshots and databases"),

    /** Time a commit waits to be replicated. */
    APPLY_TIMEOUT("apply-timeout", "10s", "how long a commit waits to be replicated before its outcome is reported unknown"),

    /** Longest time one statement may run. */
    STATEMENT_TIMEOUT("statement-timeout", "60s",
            "how long one statement may run on the leader before it is interrupted; 0 for no limit"),

    /** Shortest election timeout. */
    ELECTION_TIMEOUT_MIN("election-timeout-min", "400ms",
            "shortest silence of the leader after which a follower stands for election"),

    /** Longest election timeout. */
    ELECTION_TIMEOUT_MAX("election-timeout-max", "800ms",
            "longest silence of the leader after which a follower stands for election"),

    /** Applied entries between snapshots. */
    SNAPSHOT_THRESHOLD("snapshot-threshold", "10000", "applied log entries between snapshots"),

    /** Log entries kept behind a snapshot. */
    SNAPSHOT_TRAILING_ENTRIES("snapshot-trailing-entries", "1000",
            "log entries kept behind a snapshot for followers a little behind");

    private final String name;
    private final String defaultValue;
    private final String description;

    StandaloneOption(String name, String defaultValue, String description) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** Returns the command-line flag, e.g. {@code --node-id}. */
    public String flag() {
        return "--" + name;
    }

    /** Returns the environment variable, e.g. {@code DQLITE_NODE_ID}. */
    public String environmentVariable() {
        return "DQLITE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Returns the default, as the usage text states it. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Returns what the setting means. */
    public String description() {
        return description;
    }

    /** Returns the option whose flag is {@code flag}, if any. */
    static Optional<StandaloneOption> forFlag(String flag) {
        return Arrays.stream(values()).filter(option -> option.flag().equals(flag)).findFirst();
    }

    /** Returns the option set by the environment variable {@code name}, if any. */
    static Optional<StandaloneOption> forEnvironmentVariable(String name) {
        return Arrays.stream(values()).filter(option -> option.environmentVariable().equals(name)).findFirst();
    }

    /** Returns the text {@code --help} prints: every flag with its variable, default and meaning. */
    static String usage() {
        StringBuilder usage = new StringBuilder("Usage: java -jar dqlite-standalone.jar [--flag value | --flag=value]...\n\n")
                .append("Runs one dqlite node. Each flag may be given instead as the environment variable beside it;\n")
                .append("a flag wins over its variable. Durations take ms, s, m or h (a bare number is milliseconds).\n\n");
        for (StandaloneOption option : values()) {
            usage.append(String.format("  %-28s %-34s default: %s%n      %s%n", option.flag(),
                    option.environmentVariable(), option.defaultValue(), option.description()));
        }
        return usage.append("  --help                       prints this text\n").toString();
    }
}
