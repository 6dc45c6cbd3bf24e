package io.dqlite.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.entry.TransactionPart;
import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A follower's pages rebuilt from what {@link SentPages} lets through equal the leader's pages,
 * while the record is full and reuses the arrays of the pages it forgets.
 */
class SentPagesTest {

    private static final int PAGE_SIZE = 512;

    @Test
    void deltasRebuildEveryPageWhileTheRecordEvictsAndReusesItsArrays() {
        Random random = new Random(5);
        SentPages sent = new SentPages(3L * PAGE_SIZE);
        Map<Integer, byte[]> leader = new HashMap<>();
        Map<Integer, byte[]> follower = new HashMap<>();
        int deltas = 0;
        for (int transaction = 0; transaction < 3000; transaction++) {
            List<Frame> frames = new ArrayList<>();
            for (int pageNumber : random.ints(1 + random.nextInt(3), 1, 9).distinct().sorted().toArray()) {
                byte[] page = leader.computeIfAbsent(pageNumber, number -> new byte[PAGE_SIZE]).clone();
                for (int change = random.nextInt(4); change >= 0; change--) {
                    page[random.nextInt(PAGE_SIZE)] = (byte) random.nextInt(256);
                }
                leader.put(pageNumber, page);
                frames.add(new Frame(pageNumber, page.clone()));
            }

            TransactionPart part = sent.shrink(new TransactionPart("db", transaction, 0, true, PAGE_SIZE, 8, frames));

            for (Frame frame : part.frames()) {
                follower.put(frame.pageNumber(), frame.page().clone());
            }
            for (PageDelta delta : part.deltas()) {
                delta.applyTo(follower.get(delta.pageNumber()));
                deltas++;
            }
            for (Frame frame : frames) {
                assertThat(follower.get(frame.pageNumber())).as("page %d after transaction %d", frame.pageNumber(),
                        transaction).isEqualTo(leader.get(frame.pageNumber()));
            }
        }
        assertThat(deltas).as("pages sent as deltas").isGreaterThan(1000);
    }
}
