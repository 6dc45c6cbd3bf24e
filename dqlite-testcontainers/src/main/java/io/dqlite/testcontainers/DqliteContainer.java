package io.dqlite.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A dqlite node in a container of the {@code dqlite-standalone} image, reached through the wire port Docker
 * publishes. The node tells clients where the leader is, so it must know that published address: the
 * container starts the node only once Docker has published the port, through a start file its entry point
 * waits for. Alone it is a single-node cluster; {@link DqliteCluster} joins several into one.
 */
public class DqliteContainer extends GenericContainer<DqliteContainer> {

    /** The image built from {@code dqlite-standalone/Dockerfile} under the name its README gives it. */
    public static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("dqlite-standalone");

    /** The port the node's wire-protocol server listens on inside the container. */
    public static final int WIRE_PORT = 9001;

    /** The port of the node's Raft server inside the container: the wire port + 1000, the node's default. */
    public static final int RAFT_PORT = 10001;

    /** Where the image's entry point waits for the start file (its {@code DQLITE_START_FILE}). */
    static final String START_FILE = "/tmp/dqlite-start.env";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private String database = "main";
    private String nodeId = "1";
    private @Nullable DqliteCluster cluster;

    /** Creates a container of {@link #DEFAULT_IMAGE}. */
    public DqliteContainer() {
        this(DEFAULT_IMAGE);
    }

    /** Creates a container of {@code image}, an image of the standalone node. */
    public DqliteContainer(DockerImageName image) {
        super(image);
        configureNode();
    }

    /** Creates a container of an image still being resolved or built, such as an {@code ImageFromDockerfile}. */
    public DqliteContainer(Future<String> image) {
        super(image);
        configureNode();
    }

    private void configureNode() {
        withExposedPorts(WIRE_PORT);
        withEnv("DQLITE_START_FILE", START_FILE);
        waitingFor(leaderKnown());
    }

    /** Sets the database the JDBC URL opens (a node creates a database when it is first opened); {@code main} by default. */
    public DqliteContainer withDatabase(String database) {
        if (database == null || database.isBlank() || database.contains("/")) {
            throw new IllegalArgumentException("a database name must be non-empty and contain no '/': " + database);
        }
        this.database = database;
        return self();
    }

    /** Returns the database the JDBC URL opens. */
    public String getDatabase() {
        return database;
    }

    /** Returns this node's id in its cluster. */
    public String getNodeId() {
        return nodeId;
    }

    /** Returns the host:port clients reach this node's wire-protocol server at. */
    public String getClientAddress() {
        return getHost() + ":" + getMappedPort(WIRE_PORT);
    }

    /** Returns the client addresses of this node's cluster: this node's alone, or every member's. */
    public List<String> getClientAddresses() {
        return cluster == null ? List.of(getClientAddress()) : cluster.clientAddresses();
    }

    /** Returns the {@code jdbc:dqlite://} URL of the database on this node's cluster, naming every member. */
    public String getJdbcUrl() {
        return jdbcUrl(getClientAddresses(), database);
    }

    /** Starts this node, or, when it belongs to a cluster, the whole cluster, which a node cannot do without. */
    @Override
    public void start() {
        if (cluster == null) {
            super.start();
        } else {
            cluster.start();
        }
    }

    /** Starts this container as a member of its cluster: it waits for the start file the cluster writes. */
    void startMember() {
        super.start();
    }

    /** Makes this container node {@code id} of {@code cluster} on {@code network}, where its alias is {@code dqlite-<id>}. */
    DqliteContainer joining(DqliteCluster cluster, String id, Network network) {
        this.cluster = cluster;
        this.nodeId = id;
        return withNetwork(network).withNetworkAliases(networkAlias()).waitingFor(startFileAwaited());
    }

    /** Returns the name the other members reach this node by. */
    String networkAlias() {
        return "dqlite-" + nodeId;
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        if (cluster == null) {
            // a single node's Raft server talks to itself alone
            writeStartFile(new StartFile(nodeId, List.of(new StartFile.Member(nodeId, getClientAddress(), "127.0.0.1:" + RAFT_PORT))));
        }
    }

    /** Gives the entry point the variables it waits for, which start the node. */
    void writeStartFile(StartFile startFile) {
        copyFileToContainer(Transferable.of(startFile.text()), START_FILE);
    }

    /** Returns a wait for the node's report that some node leads, which the standalone node logs. */
    static WaitStrategy leaderKnown() {
        return Wait.forLogMessage(".*dqlite node \\S+: node \\S+ leads.*", 1).withStartupTimeout(STARTUP_TIMEOUT);
    }

    private static WaitStrategy startFileAwaited() {
        return Wait.forLogMessage(".*dqlite-standalone: waiting for " + START_FILE + ".*", 1)
                .withStartupTimeout(STARTUP_TIMEOUT);
    }

    /** Returns the URL of {@code database} on the nodes at {@code addresses} (host:port each). */
    static String jdbcUrl(List<String> addresses, String database) {
        return "jdbc:dqlite://" + String.join(",", addresses) + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
