package io.dqlite.jdbc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeAddressTest {

    @Test
    void parsesHostAndPort() {
        assertThat(NodeAddress.parse("127.0.0.1:9001")).isEqualTo(new NodeAddress("127.0.0.1", 9001));
        assertThat(NodeAddress.parse("db-1.example:65535").toString()).isEqualTo("db-1.example:65535");
        assertThat(NodeAddress.parse("[::1]:9001")).isEqualTo(new NodeAddress("::1", 9001));
        assertThat(NodeAddress.parse("[::1]:9001").toString()).isEqualTo("[::1]:9001");
    }

    @Test
    void rejectionsNameTheAddress() {
        for (String bad : new String[] {"", "host", ":9001", "host:", "host:0", "host:70000", "host:x", "::1:9001"}) {
            assertThatThrownBy(() -> NodeAddress.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
