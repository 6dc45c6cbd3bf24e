package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.server.WireServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WireServerSettingsFactoryTests {

    @Test
    void defaultPropertiesAreTheNodesDefaultLimits() {
        DqliteProperties properties = new DqliteProperties();

        WireServerSettingsFactory factory = new WireServerSettingsFactory(properties);

        assertThat(factory.create()).isEqualTo(WireServerSettings.defaults());
        assertThat(factory.maxBufferedResultBytes()).isEqualTo(ReplicationSettings.DEFAULT_MAX_BUFFERED_RESULT_BYTES);
    }

    @Test
    void everyPropertyReachesItsLimit() {
        DqliteProperties properties = new DqliteProperties();
        DqliteProperties.Server server = properties.getServer();
        server.setMaxConnections(10);
        server.setMaxConnectionsPerAddress(3);
        server.setHandshakeTimeout(Duration.ofSeconds(2));
        server.setIdleTimeout(Duration.ofMinutes(1));
        server.setStallTimeout(Duration.ofSeconds(5));
        server.setMaxMessageSize(DataSize.ofMegabytes(1));
        server.setMaxPendingRequests(4);
        server.setMaxPendingRequestSize(DataSize.ofMegabytes(2));
        server.setMaxPreparedStatements(50);
        server.setMaxPreparedSqlSize(DataSize.ofKilobytes(512));
        server.setMaxBufferedResultSize(DataSize.ofMegabytes(16));
        server.setMaxDatabases(7);
        server.setAllowedDatabases(List.of("main", "audit"));

        WireServerSettingsFactory factory = new WireServerSettingsFactory(properties);

        assertThat(factory.create()).isEqualTo(new WireServerSettings(10, 3, 1024 * 1024, Duration.ofSeconds(2),
                Duration.ofMinutes(1), 4, 2 * 1024 * 1024, WireServerSettings.defaults().rowsBatchBytes(),
                Duration.ofSeconds(5), 50, 512 * 1024, 7, Set.of("main", "audit")));
        assertThat(factory.maxBufferedResultBytes()).isEqualTo(16 * 1024 * 1024);
    }
}
