package io.dqlite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.client.ClientSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DqliteDriverSettingsTest {

    @Test
    void connectionPropertiesSetTheClientSettings() throws SQLException {
        ClientSettings settings = DqliteDriver.settings(Map.of("readTimeout", "5000", "maxBufferedResultBytes", "1024"));

        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxBufferedResultBytes()).isEqualTo(1024);
        assertThat(DqliteDriver.settings(Map.of())).isEqualTo(ClientSettings.defaults());
    }

    @Test
    void aBufferLimitThatIsNotPositiveIsNamed() {
        assertThatThrownBy(() -> DqliteDriver.settings(Map.of("maxBufferedResultBytes", "0")))
                .isInstanceOf(SQLException.class)
                .hasMessage("dqlite connection property maxBufferedResultBytes='0' is not a positive number of bytes");
    }
}
