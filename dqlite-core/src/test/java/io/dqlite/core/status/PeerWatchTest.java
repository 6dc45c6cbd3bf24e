package io.dqlite.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.NodeRole;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a leader reports a silent peer: once after the silence, again only at the slow interval, once when it is back. */
class PeerWatchTest {

    private final PeerWatch watch = new PeerWatch("1", Duration.ofSeconds(3), Duration.ofSeconds(60), () -> {
        throw new AssertionError("the test feeds the status itself");
    });

    @Test
    void aPeerThatFallsSilentIsReportedOnceThenEveryMinuteThenOnceWhenItAnswersAgain() {
        assertThat(watch.observe(10_000, leading(200, 10))).isEmpty();
        assertThat(watch.observe(12_000, leading(2_200, 10))).isEmpty();

        List<PeerWatch.Report> silent = watch.observe(13_000, leading(3_200, 10));
        assertThat(silent).containsExactly(new PeerWatch.Report(true,
                "Node 1: node 2 at 127.0.0.1:9102 has not answered for 3 s"));
        for (long now = 14_000; now < 73_000; now += 1_000) {
            assertThat(watch.observe(now, leading(now - 9_800, 10))).as("at %d ms", now).isEmpty();
        }
        assertThat(watch.observe(73_000, leading(63_200, 10))).containsExactly(new PeerWatch.Report(true,
                "Node 1: node 2 at 127.0.0.1:9102 has still not answered, for 63 s"));
        assertThat(watch.observe(74_000, leading(64_200, 10))).isEmpty();

        assertThat(watch.observe(80_000, leading(100, 10))).containsExactly(new PeerWatch.Report(false,
                "Node 1: node 2 at 127.0.0.1:9102 answers again after 70 s of silence"));
        assertThat(watch.observe(81_000, leading(100, 10))).isEmpty();
    }

    @Test
    void aPeerThatNeverAnsweredThisLeaderIsNewsNotAWarningUntilTheSlowInterval() {
        assertThat(watch.observe(3_000, leading(3_000, -1))).containsExactly(new PeerWatch.Report(false,
                "Node 1 leads without node 2 at 127.0.0.1:9102, which has not answered it yet"));
        assertThat(watch.observe(62_000, leading(62_000, -1))).isEmpty();
        assertThat(watch.observe(63_000, leading(63_000, -1))).containsExactly(new PeerWatch.Report(true,
                "Node 1: node 2 at 127.0.0.1:9102 has still not answered, for 63 s"));
        assertThat(watch.observe(64_000, leading(50, 0))).containsExactly(new PeerWatch.Report(false,
                "Node 1: node 2 at 127.0.0.1:9102 answers, after 63 s of silence"));
    }

    @Test
    void onlyALeaderReportsAndOneThatStopsLeadingForgetsWhatItReported() {
        assertThat(watch.observe(5_000, status(NodeRole.FOLLOWER, -1, -1))).isEmpty();
        assertThat(watch.observe(6_000, leading(5_000, 10))).hasSize(1);
        assertThat(watch.observe(7_000, status(NodeRole.FOLLOWER, -1, -1))).isEmpty();
        assertThat(watch.observe(8_000, leading(100, 10))).as("nothing to say it is back: the silence was forgotten")
                .isEmpty();
        assertThat(watch.observe(9_000, leading(4_000, 10))).as("a new silence is reported anew").hasSize(1);
    }

    private static NodeStatus leading(long peerLastContactMillis, long peerMatchIndex) {
        return status(NodeRole.LEADER, peerLastContactMillis, peerMatchIndex);
    }

    private static NodeStatus status(NodeRole role, long peerLastContactMillis, long peerMatchIndex) {
        boolean leads = role == NodeRole.LEADER;
        List<MemberStatus> members = List.of(
                new MemberStatus("1", "127.0.0.1:9001", "127.0.0.1:9101", MemberRole.VOTER, leads, leads ? 10 : -1,
                        leads ? 0 : -1),
                new MemberStatus("2", "127.0.0.1:9002", "127.0.0.1:9102", MemberRole.VOTER, false, peerMatchIndex,
                        peerLastContactMillis));
        return new NodeStatus("1", "00000000-0000-0000-0000-000000000001", null, role, 2, leads ? "1" : null, 10, 10, members, null, List.of());
    }
}
