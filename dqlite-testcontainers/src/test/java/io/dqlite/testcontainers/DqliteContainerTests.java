package io.dqlite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.DqliteUrl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a container and a cluster are configured with before Docker runs anything. */
class DqliteContainerTests {

    @Test
    void jdbcUrlNamesEveryNodeAndTheDriverReadsItBack() throws Exception {
        String url = DqliteContainer.jdbcUrl(List.of("localhost:32771", "localhost:32772", "localhost:32773"), "my notes");
        assertThat(url).isEqualTo("jdbc:dqlite://localhost:32771,localhost:32772,localhost:32773/my%20notes");
        DqliteUrl parsed = DqliteUrl.parse(url);
        assertThat(parsed.addresses()).extracting(DqliteUrl.Address::toString)
                .containsExactly("localhost:32771", "localhost:32772", "localhost:32773");
        assertThat(parsed.database()).isEqualTo("my notes");
    }

    @Test
    void containerPublishesTheWirePortAndWaitsForItsStartFile() {
        try (DqliteContainer container = new DqliteContainer().withDatabase("notes")) {
            assertThat(container.getExposedPorts()).containsExactly(DqliteContainer.WIRE_PORT);
            assertThat(container.getEnvMap()).containsEntry("DQLITE_START_FILE", "/tmp/dqlite-start.env");
            assertThat(container.getDatabase()).isEqualTo("notes");
            assertThat(container.getNodeId()).isEqualTo("1");
            assertThatThrownBy(() -> container.withDatabase("a/b")).hasMessageContaining("contain no '/'");
        }
    }

    @Test
    void clusterNodesHaveIdsAndAliasesOnOneNetwork() {
        DqliteCluster cluster = new DqliteCluster(DqliteContainer.DEFAULT_IMAGE, 3).withDatabase("notes");
        List<DqliteContainer> nodes = cluster.getNodes();
        assertThat(nodes).extracting(DqliteContainer::getNodeId).containsExactly("1", "2", "3");
        assertThat(nodes).allSatisfy(node -> {
            assertThat(node.getNetwork()).isSameAs(nodes.get(0).getNetwork()).isNotNull();
            assertThat(node.getNetworkAliases()).contains("dqlite-" + node.getNodeId());
            assertThat(node.getDatabase()).isEqualTo("notes");
        });
        assertThatThrownBy(() -> new DqliteCluster(DqliteContainer.DEFAULT_IMAGE, 0))
                .hasMessage("a cluster needs at least one node, not 0");
    }

    @Test
    void startFileListsEveryMemberAndEndsWithTheLineTheEntryPointWaitsFor() {
        StartFile file = new StartFile("2", List.of(new StartFile.Member("1", "localhost:32771", "dqlite-1:10001"),
                new StartFile.Member("2", "localhost:32772", "dqlite-2:10001")));
        assertThat(file.text()).isEqualTo("""
                DQLITE_NODE_ID='2'
                DQLITE_MEMBERS='1=localhost:32771/dqlite-1:10001,2=localhost:32772/dqlite-2:10001'
                DQLITE_BIND_ADDRESS='0.0.0.0:9001'
                DQLITE_START_FILE_COMPLETE=1
                """);
        assertThatThrownBy(() -> new StartFile("it's", List.of()).text()).hasMessageContaining("cannot hold a quote");
    }
}
