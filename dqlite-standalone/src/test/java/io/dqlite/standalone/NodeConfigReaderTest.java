package io.dqlite.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Member;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.RaftTiming;
import io.dqlite.core.raft.RaftTransport;
import io.dqlite.core.replication.ReplicationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigReaderTest {

    @Test
    void noSettingsGiveTheStartersDefaults() throws InvalidOptionException {
        NodeConfig config = read(List.of(), Map.of());
        assertThat(config.nodeId()).isEqualTo("1");
        assertThat(config.members()).containsExactly(new Member("1", "127.0.0.1:10001", "127.0.0.1:9001"));
        assertThat(config.wireListenAddress()).isEqualTo("127.0.0.1:9001");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("dqlite-data").toAbsolutePath());
        assertThat(config.timing()).isEqualTo(RaftTiming.defaults());
        assertThat(config.replication()).isEqualTo(ReplicationSettings.defaults());
        assertThat(config.transport()).isEqualTo(RaftTransport.NETTY);
    }

    @Test
    void theRaftTransportIsChosenByFlag() throws InvalidOptionException {
        assertThat(read(List.of("--raft-transport", "grpc"), Map.of()).transport()).isEqualTo(RaftTransport.GRPC);
        assertThat(read(List.of(), Map.of("DQLITE_RAFT_TRANSPORT", "netty")).transport()).isEqualTo(RaftTransport.NETTY);
    }

    @Test
    void membersGiveEveryAddressAndRaftAddressesDefaultToWirePortPlus1000() throws InvalidOptionException {
        NodeConfig config = read(List.of("--node-id", "2", "--members",
                "1=dqlite-1:9001/dqlite-1:7001, 2=localhost:32771/dqlite-2:7001,3=[::1]:9003"), Map.of());
        assertThat(config.members()).containsExactly(
                new Member("1", "dqlite-1:7001", "dqlite-1:9001"),
                new Member("2", "dqlite-2:7001", "localhost:32771"),
                new Member("3", "[::1]:10003", "[::1]:9003"));
        assertThat(config.self().wireAddress()).isEqualTo("localhost:32771");
    }

    @Test
    void environmentAloneConfiguresANodeBehindAForwardedPort() throws InvalidOptionException {
        NodeConfig config = read(List.of(), Map.of("DQLITE_NODE_ID", "1", "DQLITE_MEMBERS", "1=localhost:32771/127.0.0.1:10001",
                "DQLITE_BIND_ADDRESS", "0.0.0.0:9001", "DQLITE_DATA_DIRECTORY", "/var/lib/dqlite",
                "DQLITE_ELECTION_TIMEOUT_MIN", "1s", "DQLITE_ELECTION_TIMEOUT_MAX", "1500",
                "DQLITE_STATEMENT_TIMEOUT", "0", "DQLITE_SNAPSHOT_THRESHOLD", "50"));
        assertThat(config.self().wireAddress()).isEqualTo("localhost:32771");
        assertThat(config.wireListenAddress()).isEqualTo("0.0.0.0:9001");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/dqlite"));
        assertThat(config.timing().electionTimeoutMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.timing().electionTimeoutMax()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.timing().snapshotThreshold()).isEqualTo(50);
        assertThat(config.replication().statementTimeout()).isZero();
    }

    @Test
    void anAddressThatAgreesWithTheMemberListIsAccepted() throws InvalidOptionException {
        NodeConfig config = read(List.of("--address", "127.0.0.1:9002", "--members", "1=127.0.0.1:9001,2=127.0.0.1:9002"),
                Map.of("DQLITE_NODE_ID", "2"));
        assertThat(config.self().raftAddress()).isEqualTo("127.0.0.1:10002");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --node-id              | ' '                          | --node-id: a node id is required
            --address              | localhost                    | --address: node address 'localhost' is not of the form host:port
            --address              | 127.0.0.1:65000              | --address: no Raft port can be derived from 127.0.0.1:65000 (port + 1000 exceeds 65535); give the Raft address
            --raft-address         | 127.0.0.1:9001               | --raft-address: the Raft address 127.0.0.1:9001 must differ from the wire address (--address)
            --bind-address         | 0.0.0.0                      | --bind-address: node address '0.0.0.0' is not of the form host:port
            --members              | 1=a:1,2                      | --members entry 2 '2' is not id=host:port[/raft-host:raft-port]
            --members              | 1=a:1/b:2/c:3                | --members entry 1 '1=a:1/b:2/c:3' has more than one '/'; write id=host:port[/raft-host:raft-port]
            --members              | 1=a:1,1=b:1                  | --members entry 2 '1=b:1': duplicate id 1
            --members              | 1=a:1,2=a:1001               | --members entry 2 '2=a:1001': address a:1001 is also used by --members entry 1 '1=a:1'
            --members              | 2=a:1,3=b:1                  | --members does not list this node's id 1 (--node-id); its ids are [2, 3]
            --election-timeout-min | 10ms                         | --election-timeout-min: must be at least 50ms
            --election-timeout-max | 400ms                        | --election-timeout-max: must exceed --election-timeout-min (400ms)
            --apply-timeout        | ten seconds                  | --apply-timeout: 'ten seconds' is not a duration such as 500ms, 10s, 2m or 1h (a bare number is milliseconds)
            --apply-timeout        | 0s                           | --apply-timeout: must be positive
            --snapshot-threshold   | 0                            | --snapshot-threshold: must be at least 1 entry
            --snapshot-trailing-entries | -1                      | --snapshot-trailing-entries: must not be negative
            --snapshot-trailing-entries | many                    | --snapshot-trailing-entries: 'many' is not a whole number
            --raft-transport       | http                         | --raft-transport: 'http' is neither netty nor grpc
            --tls-client-auth      | none                         | --tls-client-auth: TLS is off; it needs --tls-certificate, --tls-key and --tls-trusted-certificates
            --tls-certificate      | /nowhere/node.crt            | --tls-certificate needs --tls-key (or DQLITE_TLS_KEY) too
            """)
    void invalidFlagIsNamed(String flag, String value, String message) {
        assertThatThrownBy(() -> read(List.of(flag, value), Map.of()))
                .isInstanceOf(InvalidOptionException.class).hasMessage(message);
    }

    @Test
    void invalidVariableIsNamed() {
        assertThatThrownBy(() -> read(List.of(), Map.of("DQLITE_MEMBERS", "1=127.0.0.1:x")))
                .hasMessage("environment variable DQLITE_MEMBERS entry 1 '1=127.0.0.1:x': node address '127.0.0.1:x'"
                        + " needs a host and a port from 1 to 65535");
    }

    @Test
    void tlsFilesThatCannotBeReadAreNamed() {
        assertThatThrownBy(() -> read(List.of("--tls-certificate", "/nowhere/node.crt", "--tls-key", "/nowhere/node.key",
                "--tls-trusted-certificates", "/nowhere/ca.crt"), Map.of()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("TLS (--tls-certificate, --tls-key, --tls-trusted-certificates): ")
                .hasMessageContaining("/nowhere/node.key");
    }

    @Test
    void addressThatContradictsTheMemberListIsRefused() {
        assertThatThrownBy(() -> read(List.of("--address", "127.0.0.1:9005", "--members", "1=127.0.0.1:9001"), Map.of()))
                .hasMessage("--address is 127.0.0.1:9005 but this node's entry in --members says 127.0.0.1:9001;"
                        + " give it in one place");
    }

    private static NodeConfig read(List<String> arguments, Map<String, String> environment) throws InvalidOptionException {
        return new NodeConfigReader(OptionValues.parse(arguments, environment)).read();
    }
}
