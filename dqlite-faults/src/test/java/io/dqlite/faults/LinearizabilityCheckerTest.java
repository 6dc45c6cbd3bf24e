package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-made register histories the checker must accept or reject (times in ms). */
class LinearizabilityCheckerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker(100_000);

    @Test
    void acceptsOverlappingOperationsThatHaveAValidOrder() {
        // p1 writes 1 over [0,10]; p2 reads 1 over [2,4] (the write may take effect first); p3 cas 1->2 over
        // [5,20]; p1 reads 2 over [21,22]; p2's failed cas 1->3 over [15,25] sees 2
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 1, ms(0), ms(10), Outcome.OK),
                RegisterOperation.read(2, 0, 1, ms(2), ms(4)),
                RegisterOperation.cas(3, 0, 1, 2, true, ms(5), ms(20), Outcome.OK),
                RegisterOperation.cas(2, 0, 1, 3, false, ms(15), ms(25), Outcome.OK),
                RegisterOperation.read(1, 0, 2, ms(21), ms(22)));

        assertThat(checker.check(history, 0)).satisfies(result -> {
            assertThat(result.linearizable()).isTrue();
            assertThat(result.decided()).isTrue();
        });
    }

    @Test
    void rejectsAStaleReadAfterAnAcknowledgedWrite() {
        // write 1 completes at 10, write 2 completes at 30; a read that starts at 40 still sees 1
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 1, ms(0), ms(10), Outcome.OK),
                RegisterOperation.write(2, 0, 2, ms(20), ms(30), Outcome.OK),
                RegisterOperation.read(3, 0, 1, ms(40), ms(50)));

        LinearizabilityChecker.Result result = checker.check(history, 0);

        assertThat(result.linearizable()).isFalse();
        assertThat(result.decided()).isTrue();
        assertThat(result.explanation()).contains("read -> 1");
        assertThat(StaleReads.count(history, 0, new ArrayList<>())).isEqualTo(1);
    }

    @Test
    void letsAnUnknownWriteTakeEffectLongAfterItWasInvoked() {
        // the write of 5 never returned; it shows up after a later acknowledged write of 6
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 5, ms(0), Long.MAX_VALUE, Outcome.UNKNOWN),
                RegisterOperation.write(2, 0, 6, ms(10), ms(20), Outcome.OK),
                RegisterOperation.read(3, 0, 6, ms(30), ms(40)),
                RegisterOperation.read(3, 0, 5, ms(50), ms(60)),
                RegisterOperation.read(3, 0, 5, ms(70), ms(80)));

        assertThat(checker.check(history, 0).linearizable()).isTrue();
    }

    @Test
    void letsAnUnknownWriteNeverTakeEffectButNotComeBackAfterItWasOverwritten() {
        List<RegisterOperation> never = List.of(
                RegisterOperation.write(1, 0, 5, ms(0), Long.MAX_VALUE, Outcome.UNKNOWN),
                RegisterOperation.read(2, 0, 0, ms(10), ms(20)));
        // 5 was read, then 6 written and read, then 5 again: the unknown write cannot take effect twice
        List<RegisterOperation> twice = List.of(
                RegisterOperation.write(1, 0, 5, ms(0), Long.MAX_VALUE, Outcome.UNKNOWN),
                RegisterOperation.read(2, 0, 5, ms(10), ms(20)),
                RegisterOperation.write(2, 0, 6, ms(30), ms(40), Outcome.OK),
                RegisterOperation.read(2, 0, 6, ms(50), ms(60)),
                RegisterOperation.read(2, 0, 5, ms(70), ms(80)));

        assertThat(checker.check(never, 0).linearizable()).isTrue();
        assertThat(checker.check(twice, 0).linearizable()).isFalse();
    }

    @Test
    void letsAnUnknownWriteExplainACompareAndSetThatDidNotApply() {
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 5, ms(0), Long.MAX_VALUE, Outcome.UNKNOWN),
                RegisterOperation.cas(2, 0, 0, 1, false, ms(10), ms(20), Outcome.OK),
                RegisterOperation.read(2, 0, 5, ms(30), ms(40)));

        assertThat(checker.check(history, 0).linearizable()).isTrue();
    }

    @Test
    void agreesWithABruteForceSearchOnSmallRandomHistories() {
        Random random = new Random(42);
        int linearizable = 0;
        for (int trial = 0; trial < 3000; trial++) {
            List<RegisterOperation> history = BruteForce.randomHistory(random, 2 + random.nextInt(7));
            boolean expected = BruteForce.linearizable(history, 0);
            assertThat(checker.check(history, 0).linearizable()).as("history %s", history).isEqualTo(expected);
            linearizable += expected ? 1 : 0;
        }
        // both verdicts must have been exercised
        assertThat(linearizable).isBetween(300, 2700);
    }

    @Test
    void rejectsTheEffectOfAWriteThatFailedDefinitely() {
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 7, ms(0), ms(10), Outcome.FAILED),
                RegisterOperation.read(2, 0, 7, ms(20), ms(30)));

        assertThat(checker.check(history, 0).linearizable()).isFalse();
    }

    @Test
    void rejectsACompareAndSetThatReportsTheWrongOutcome() {
        // the register holds 1 and nobody else writes, yet the cas 1 -> 2 says it did not apply
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 1, ms(0), ms(10), Outcome.OK),
                RegisterOperation.cas(2, 0, 1, 2, false, ms(20), ms(30), Outcome.OK));

        assertThat(checker.check(history, 0).linearizable()).isFalse();
    }

    @Test
    void checksEachKeyOnItsOwn() {
        List<RegisterOperation> history = List.of(
                RegisterOperation.write(1, 0, 1, ms(0), ms(10), Outcome.OK),
                RegisterOperation.read(2, 1, 0, ms(20), ms(30)),
                RegisterOperation.read(2, 0, 0, ms(20), ms(30)));

        assertThat(checker.checkEachKey(history, 0)).hasSize(2).satisfies(results -> {
            assertThat(results.get(0).linearizable()).isFalse();
            assertThat(results.get(1).linearizable()).isTrue();
        });
    }

    @Test
    void decidesALongConcurrentHistoryWithinItsBudget() {
        // four processes, overlapping write/read pairs on one key, 400 operations, every one valid
        List<RegisterOperation> history = new ArrayList<>();
        long value = 0;
        for (int round = 0; round < 100; round++) {
            long start = ms(round * 10);
            long written = ++value;
            history.add(RegisterOperation.write(1, 0, written, start, start + ms(6), Outcome.OK));
            history.add(RegisterOperation.read(2, 0, written - 1, start, start + ms(1)));
            history.add(RegisterOperation.read(3, 0, written, start + ms(2), start + ms(8)));
            history.add(RegisterOperation.write(4, 0, 1_000_000 + round, start + ms(1), Long.MAX_VALUE, Outcome.UNKNOWN));
        }

        LinearizabilityChecker.Result result = checker.check(history, 0);

        assertThat(result.linearizable()).as(result.explanation()).isTrue();
        assertThat(result.states()).isLessThan(100_000);
    }

    private static long ms(long millis) {
        return millis * 1_000_000;
    }
}
