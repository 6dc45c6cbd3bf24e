package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

class InvalidPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void duplicateMemberIdIsNamed() {
        assertFailure(cluster("dqlite.members[1].id=1"), "dqlite.members[1].id", "duplicate id 1");
    }

    @Test
    void duplicateMemberAddressIsNamed() {
        List<String> properties = cluster();
        String first = properties.stream().filter(p -> p.startsWith("dqlite.members[0].address=")).findFirst()
                .orElseThrow().substring("dqlite.members[0].address=".length());
        properties.add("dqlite.members[2].address=" + first);
        assertFailure(properties, "dqlite.members[2].address", "duplicate address " + first);
    }

    @Test
    void memberWithoutAddressIsNamed() {
        assertFailure(cluster("dqlite.members[3].id=4"), "dqlite.members[3].address", "an address (host:port) is required");
    }

    @Test
    void membersWithoutThisNodeAreNamed() {
        assertFailure(cluster("dqlite.node-id=4"), "dqlite.members", "does not contain this node's id 4");
    }

    @Test
    void negativeStatementTimeoutIsNamed() {
        assertFailure(withNode("dqlite.statement-timeout=-1s"), "dqlite.statement-timeout", "must be 0 (no limit) or positive");
    }

    @Test
    void commitGatherTimeOutOfRangeIsNamed() {
        assertFailure(withNode("dqlite.commit-gather-time=2s"), "dqlite.commit-gather-time",
                "must be between 0 (never wait) and 1s");
    }

    @Test
    void rolesTargetsOutOfRangeAreNamed() {
        assertFailure(withNode("dqlite.roles.voters=0"), "dqlite.roles.voters", "must be at least 1");
        assertFailure(withNode("dqlite.roles.standbys=-1"), "dqlite.roles.standbys", "must not be negative");
        assertFailure(withNode("dqlite.roles.lost-after=0s"), "dqlite.roles.lost-after", "must be positive");
    }

    @Test
    void serverLimitBelowOneIsNamed() {
        assertFailure(withNode("dqlite.server.max-connections-per-address=0"),
                "dqlite.server.max-connections-per-address", "must be at least 1");
    }

    @Test
    void pendingRequestSizeBelowTheMessageSizeIsNamed() {
        assertFailure(withNode("dqlite.server.max-pending-request-size=16MB"), "dqlite.server.max-pending-request-size",
                "must be at least dqlite.server.max-message-size (33554432B)");
    }

    @Test
    void allowedDatabasesWithoutTheDataSourcesDatabaseAreNamed() {
        assertFailure(withNode("dqlite.server.allowed-databases=audit"), "dqlite.server.allowed-databases",
                "does not contain dqlite.database ('main')");
    }

    @Test
    void addressThatIsNotHostAndPortIsNamed() {
        assertFailure(withNode("dqlite.address=localhost"), "dqlite.address", "not host:port");
    }

    @Test
    void addressInUseIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFailure(withNode("dqlite.address=127.0.0.1:" + taken.getLocalPort()), "dqlite.address",
                    "cannot listen on its wire address");
        }
    }

    @Test
    void raftAddressInUseIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFailure(withNode("dqlite.raft-address=127.0.0.1:" + taken.getLocalPort()), "dqlite.raft-address",
                    "cannot listen on its Raft address");
        }
    }

    @Test
    void unwritableDataDirectoryIsNamed() throws IOException {
        Path file = Files.createFile(directory.resolve("a-file"));
        assertFailure(withNode("dqlite.data-directory=" + file.resolve("data")), "dqlite.data-directory",
                "cannot be created or written to");
    }

    @Test
    void electionTimeoutsOutOfOrderAreNamed() {
        assertFailure(withNode("dqlite.election.timeout-min=2s", "dqlite.election.timeout-max=1s"),
                "dqlite.election.timeout-max", "must exceed dqlite.election.timeout-min");
    }

    @Test
    void snapshotThresholdBelowOneIsNamed() {
        assertFailure(withNode("dqlite.snapshot.threshold=0"), "dqlite.snapshot.threshold", "at least 1");
    }

    private void assertFailure(List<String> properties, String property, String reason) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertThat(failure.getMessage()).contains(property).contains(reason);
        });
    }

    /** Returns a single node's properties with {@code overrides} after them. */
    private List<String> withNode(String... overrides) {
        List<String> properties = new ArrayList<>(TestNodes.singleNode(directory));
        properties.addAll(List.of(overrides));
        return properties;
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMemberHostThatDoesNotResolveIsNamedAtStart(CapturedOutput output) {
        runner.withPropertyValues(cluster("dqlite.members[2].address=127.0.0.l:" + TestNodes.freePort(),
                "dqlite.members[2].raft-address=127.0.0.l:" + TestNodes.freePort()).toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("dqlite.members[2].address: the host '127.0.0.l' of member 3's wire"
                            + " address").contains("dqlite.members[2].raft-address: the host '127.0.0.l'")
                            .doesNotContain("dqlite.members[1].address: the host");
                });
    }

    @Test
    void joiningIsRefusedWithMembersANamedIdOrAnotherRaftPort() {
        int wire = TestNodes.joiningWirePort();
        runner.withPropertyValues(cluster("dqlite.join=127.0.0.1:1").toArray(String[]::new))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("dqlite.join").hasMessageContaining("not both"));
        runner.withPropertyValues("dqlite.node-id=shop", "dqlite.address=127.0.0.1:" + wire, "dqlite.join=127.0.0.1:1",
                "dqlite.data-directory=" + directory)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("dqlite.node-id").hasMessageContaining("positive number"));
        runner.withPropertyValues("dqlite.node-id=4", "dqlite.address=127.0.0.1:" + wire,
                "dqlite.raft-address=127.0.0.1:" + (wire + 1), "dqlite.join=127.0.0.1:1", "dqlite.data-directory=" + directory)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("dqlite.raft-address").hasMessageContaining("wire port + 1000"));
    }

    /** Returns the properties of node 1 of a valid three-member cluster, with {@code overrides} after them. */
    private List<String> cluster(String... overrides) {
        List<String> properties = new ArrayList<>(List.of("dqlite.node-id=1", "dqlite.data-directory=" + directory));
        for (int i = 0; i < 3; i++) {
            properties.add("dqlite.members[" + i + "].id=" + (i + 1));
            properties.add("dqlite.members[" + i + "].address=127.0.0.1:" + TestNodes.freePort());
            properties.add("dqlite.members[" + i + "].raft-address=127.0.0.1:" + TestNodes.freePort());
        }
        properties.addAll(List.of(overrides));
        return properties;
    }

}
