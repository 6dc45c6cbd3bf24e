package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The bytes handed to Ratis and not yet committed never pass the window: a submission waits for room, one larger
 * than the window waits for it to empty, and whatever ends a submission (commit, failure, a refusal) frees its room.
 */
class WriteWindowTest {

    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private long inFlight;
    private long mostInFlight;

    @Test
    void aSubmissionWaitsForRoomAndGetsItWhenAnEarlierEntryIsCommitted() throws Exception {
        WriteWindow window = new WriteWindow(100, Duration.ofSeconds(10), this::handOver);
        window.submit(new byte[60]);
        window.submit(new byte[40]);

        CompletableFuture<Void> third = CompletableFuture.supplyAsync(() -> window.submit(new byte[30]))
                .thenCompose(submitted -> submitted);
        assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).as("no room for 30 more bytes")
                .isInstanceOf(TimeoutException.class);
        assertThat(handedOver()).isEqualTo(2);

        commit(0);
        awaitHandedOver(3);
        assertThat(mostInFlight()).isLessThanOrEqualTo(100);
    }

    @Test
    void anEntryLargerThanTheWindowGoesAloneOnceTheWindowIsEmpty() throws Exception {
        WriteWindow window = new WriteWindow(100, Duration.ofSeconds(10), this::handOver);
        window.submit(new byte[10]);
        CompletableFuture<Void> large = CompletableFuture.supplyAsync(() -> window.submit(new byte[500]))
                .thenCompose(submitted -> submitted);
        assertThatThrownBy(() -> large.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        fail(0);
        awaitHandedOver(2);
        commit(1);
        large.get(10, TimeUnit.SECONDS);
        window.submit(new byte[100]);
        assertThat(handedOver()).isEqualTo(3);
    }

    @Test
    void aSubmissionThatFindsNoRoomInTimeFailsAndARefusalFreesItsRoom() throws Exception {
        WriteWindow full = new WriteWindow(10, Duration.ofMillis(100), this::handOver);
        full.submit(new byte[10]);
        assertThatThrownBy(() -> full.submit(new byte[1]).get()).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(TimeoutException.class).hasMessageContaining("no room for a log entry of 1");

        WriteWindow refusing = new WriteWindow(10, Duration.ofMillis(100), entry -> {
            throw new IllegalStateException("refused");
        });
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> refusing.submit(new byte[10])).as("refusal %d", i).hasMessage("refused");
        }
    }

    private synchronized CompletableFuture<Void> handOver(byte[] entry) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        inFlight += entry.length;
        mostInFlight = Math.max(mostInFlight, inFlight);
        pending.add(committed);
        sizes.add(entry.length);
        notifyAll();
        return committed;
    }

    private synchronized int handedOver() {
        return pending.size();
    }

    private synchronized long mostInFlight() {
        return mostInFlight;
    }

    private synchronized void awaitHandedOver(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pending.size() < count) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("%d entries handed over within 10 s", count).isPositive();
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private void commit(int index) {
        settle(index).complete(null);
    }

    private void fail(int index) {
        settle(index).completeExceptionally(new IllegalStateException("not committed"));
    }

    // counts the entry out of flight before the window hears of it, so that nothing is counted twice
    private synchronized CompletableFuture<Void> settle(int index) {
        inFlight -= sizes.get(index);
        return pending.get(index);
    }
}
