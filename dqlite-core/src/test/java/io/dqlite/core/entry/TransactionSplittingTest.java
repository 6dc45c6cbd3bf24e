package io.dqlite.core.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.WalCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionSplittingTest {

    private static final int LIMIT = EntrySplitter.MIN_MAX_ENTRY_BYTES;

    private final Random random = new Random(7);
    private int assemblers;

    @TempDir
    Path dir;

    @Test
    void largeTransactionSplitsIntoPartsWithinTheLimitAndReassembles() throws Exception {
        WalCommit commit = randomCommit(300, 4096);

        List<TransactionPart> parts = new EntrySplitter(LIMIT).split("db", 11, commit);

        assertThat(parts).hasSizeGreaterThan(10);
        TransactionAssembler assembler = assembler("db");
        Optional<WalCommit> assembled = Optional.empty();
        for (int i = 0; i < parts.size(); i++) {
            byte[] encoded = EntryCodec.encode(parts.get(i));
            assertThat(encoded.length).isLessThanOrEqualTo(LIMIT);
            assertThat(assembled).as("nothing is released before the last part").isEmpty();
            assembled = assembler.accept((DatabaseEntry) EntryCodec.decode(encoded));
        }
        assertThat(assembled).isPresent();
        assertThat(assembled.get().databasePages()).isEqualTo(commit.databasePages());
        EntryCodecTest.assertSameFrames(assembled.get().frames(), commit.frames());
        assertThat(assembler.isPending()).isFalse();

        WalCommit next = randomCommit(120, 4096);
        List<TransactionPart> nextParts = new EntrySplitter(LIMIT).split("db", 12, next);
        for (TransactionPart part : nextParts) {
            assembled = assembler.accept((DatabaseEntry) EntryCodec.decode(EntryCodec.encode(part)));
        }
        assertThat(assembled).as("a second split transaction reuses the emptied spill file").isPresent();
        EntryCodecTest.assertSameFrames(assembled.get().frames(), next.frames());
    }

    @Test
    void smallTransactionIsOnePart() throws Exception {
        List<TransactionPart> parts = new EntrySplitter(EntrySplitter.DEFAULT_MAX_ENTRY_BYTES)
                .split("db", 1, randomCommit(2, 4096));

        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.last()).isTrue();
            assertThat(part.index()).isZero();
        });
    }

    @Test
    void abortDiscardsHeldParts() throws Exception {
        List<TransactionPart> parts = new EntrySplitter(LIMIT).split("db", 5, randomCommit(100, 4096));
        TransactionAssembler assembler = assembler("db");
        assembler.accept(parts.get(0));
        assembler.accept(parts.get(1));

        assertThat(assembler.accept(new TransactionAbort("db", 5))).isEmpty();

        assertThat(assembler.isPending()).isFalse();
        WalCommit next = randomCommit(1, 4096);
        assertThat(assembler.accept(new EntrySplitter(LIMIT).split("db", 6, next).get(0)))
                .hasValueSatisfying(commit -> EntryCodecTest.assertSameFrames(commit.frames(), next.frames()));
    }

    @Test
    void firstPartOfANewTransactionDiscardsAnUnfinishedOne() throws Exception {
        EntrySplitter splitter = new EntrySplitter(LIMIT);
        TransactionAssembler assembler = assembler("db");
        assembler.accept(splitter.split("db", 1, randomCommit(100, 4096)).get(0));
        WalCommit next = randomCommit(3, 4096);

        Optional<WalCommit> applied = assembler.accept(splitter.split("db", 2, next).get(0));

        assertThat(applied).hasValueSatisfying(commit -> EntryCodecTest.assertSameFrames(commit.frames(), next.frames()));
    }

    @Test
    void aPartOutOfOrderDiscardsItsTransactionAndTheNextTransactionStillApplies() throws Exception {
        EntrySplitter splitter = new EntrySplitter(LIMIT);
        List<TransactionPart> parts = splitter.split("db", 3, randomCommit(100, 4096));
        TransactionAssembler assembler = assembler("db");
        assembler.accept(parts.get(0));

        for (TransactionPart later : parts.subList(2, parts.size())) {
            assertThat(assembler.accept(later)).as("part %d after a gap", later.index()).isEmpty();
        }
        assertThat(assembler.isPending()).isFalse();
        assertThat(assembler("db").accept(parts.get(1))).as("a part without its first").isEmpty();

        WalCommit next = randomCommit(2, 4096);
        assertThat(assembler.accept(splitter.split("db", 4, next).get(0)))
                .hasValueSatisfying(commit -> EntryCodecTest.assertSameFrames(commit.frames(), next.frames()));
    }

    @Test
    void entryOfAnotherDatabaseIsRefused() throws Exception {
        assertThatThrownBy(() -> assembler("a").accept(new TransactionAbort("b", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b'");
    }

    @Test
    void limitTooSmallForOnePageIsRefused() throws Exception {
        assertThatThrownBy(() -> new EntrySplitter(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least " + LIMIT);
    }

    private TransactionAssembler assembler(String database) {
        return new TransactionAssembler(database, dir.resolve(database + "-" + (++assemblers) + "-pending"));
    }

    private WalCommit randomCommit(int pages, int pageSize) {
        List<Frame> frames = new ArrayList<>();
        for (int number = 1; number <= pages; number++) {
            byte[] page = new byte[pageSize];
            random.nextBytes(page);
            frames.add(new Frame(number, page));
        }
        return new WalCommit(pageSize, frames, pages);
    }
}
