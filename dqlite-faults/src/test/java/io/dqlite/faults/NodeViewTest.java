package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's own term is read from the endpoint's answer, never the snapshot's; a quiet schedule injects nothing. */
class NodeViewTest {

    @Test
    void readsTheNodesOwnTermNotTheSnapshots() {
        String json = "{\"nodeId\":\"2\",\"snapshot\":{\"index\":10,\"term\":3},\"role\":\"follower\","
                + "\"members\":[{\"id\":\"1\",\"role\":\"voter\",\"leader\":true,\"note\":\"\\\"term\\\":9\"}],"
                + "\"term\":7,\"leader\":{\"id\":\"1\",\"address\":\"127.0.0.1:9001\"}}";
        NodeView view = NodeView.parse(json);
        assertThat(view.term()).isEqualTo(7);
        assertThat(view.leaderId()).isEqualTo("1");
        assertThat(view.leads()).isFalse();
        assertThat(NodeView.parse("{\"role\":\"stopped\"}").term()).isEqualTo(-1);
    }

    @Test
    void aQuietScheduleInjectsNoFault() {
        FaultSchedule quiet = FaultSchedule.quiet(Duration.ofSeconds(60));
        assertThat(quiet.isQuiet()).isTrue();
        assertThat(quiet.hasNext(0, Duration.ZERO)).isFalse();
        assertThat(quiet.describe()).isEqualTo("no faults, 60 s");
        assertThat(FaultSchedule.fromSystemProperties(List.of(Fault.KILL_LEADER)).isQuiet()).isFalse();
    }
}
