package io.dqlite.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionValuesTest {

    @Test
    void flagsWinOverTheirEnvironmentVariables() throws InvalidOptionException {
        OptionValues values = OptionValues.parse(List.of("--node-id", "2", "--address=10.0.0.2:9001"),
                Map.of("DQLITE_NODE_ID", "7", "DQLITE_DATA_DIRECTORY", "/var/lib/dqlite", "PATH", "/usr/bin"));
        assertThat(values.get(StandaloneOption.NODE_ID)).contains(new OptionValues.Value("2", "--node-id"));
        assertThat(values.get(StandaloneOption.ADDRESS)).contains(new OptionValues.Value("10.0.0.2:9001", "--address"));
        assertThat(values.get(StandaloneOption.DATA_DIRECTORY)).contains(
                new OptionValues.Value("/var/lib/dqlite", "environment variable DQLITE_DATA_DIRECTORY"));
        assertThat(values.get(StandaloneOption.MEMBERS)).isEmpty();
        assertThat(values.helpRequested()).isFalse();
    }

    @Test
    void everyOptionHasAFlagAndAVariableNamedAfterTheStartersProperty() {
        assertThat(StandaloneOption.SNAPSHOT_TRAILING_ENTRIES.flag()).isEqualTo("--snapshot-trailing-entries");
        assertThat(StandaloneOption.SNAPSHOT_TRAILING_ENTRIES.environmentVariable()).isEqualTo("DQLITE_SNAPSHOT_TRAILING_ENTRIES");
        assertThat(StandaloneOption.usage()).contains("--bind-address", "DQLITE_BIND_ADDRESS", "default: 127.0.0.1:9001");
    }

    @Test
    void emptyVariablesSetNothingAndMisspeltOnesAreReported() throws InvalidOptionException {
        OptionValues values = OptionValues.parse(List.of("--help"),
                Map.of("DQLITE_ADDRESS", "", "DQLITE_MEMBER", "1=a:1", "DQLITE_NODE_ID", "3"));
        assertThat(values.helpRequested()).isTrue();
        assertThat(values.get(StandaloneOption.ADDRESS)).isEmpty();
        assertThat(values.unknownVariables()).containsExactly("DQLITE_MEMBER");
    }

    @Test
    void unknownFlagIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> OptionValues.parse(List.of("--node", "1"), Map.of()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("unknown flag --node; known flags: --address,")
                .hasMessageContaining("--node-id");
    }

    @Test
    void flagWithoutValueIsNamed() {
        assertThatThrownBy(() -> OptionValues.parse(List.of("--members", "--node-id", "1"), Map.of()))
                .hasMessage("--members needs a value (--members VALUE or --members=VALUE)");
        assertThatThrownBy(() -> OptionValues.parse(List.of("--data-directory"), Map.of()))
                .hasMessageStartingWith("--data-directory needs a value");
    }

    @Test
    void repeatedFlagAndStrayArgumentAreRefused() {
        assertThatThrownBy(() -> OptionValues.parse(List.of("--node-id", "1", "--node-id=2"), Map.of()))
                .hasMessage("--node-id is given twice");
        assertThatThrownBy(() -> OptionValues.parse(List.of("node-id", "1"), Map.of()))
                .hasMessageStartingWith("unexpected argument 'node-id'");
    }
}
