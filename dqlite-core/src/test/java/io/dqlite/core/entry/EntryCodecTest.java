package io.dqlite.core.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageDelta;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    private final Random random = new Random(42);

    @Test
    void partRoundTrips() {
        TransactionPart part = new TransactionPart("notes-ü", 7L, 3, true, 1024, 12, randomFrames(5, 1024));

        TransactionPart decoded = (TransactionPart) EntryCodec.decode(EntryCodec.encode(part));

        assertThat(decoded.database()).isEqualTo("notes-ü");
        assertThat(decoded.transactionId()).isEqualTo(7L);
        assertThat(decoded.index()).isEqualTo(3);
        assertThat(decoded.last()).isTrue();
        assertThat(decoded.pageSize()).isEqualTo(1024);
        assertThat(decoded.databasePages()).isEqualTo(12);
        assertSameFrames(decoded.frames(), part.frames());
    }

    @Test
    void partWithPageDeltasRoundTrips() {
        PageDelta delta = new PageDelta(9, List.of(new PageDelta.Run(0, new byte[] {1, 2}),
                new PageDelta.Run(1000, new byte[] {3})));
        PageDelta unchanged = new PageDelta(10, List.of());
        TransactionPart part = new TransactionPart("db", 7L, 0, true, 1024, 12, randomFrames(1, 1024),
                List.of(delta, unchanged));

        byte[] encoded = EntryCodec.encode(part);
        TransactionPart decoded = (TransactionPart) EntryCodec.decode(encoded);

        assertSameFrames(decoded.frames(), part.frames());
        assertThat(decoded.deltas()).hasSize(2);
        assertThat(decoded.deltas().get(0).pageNumber()).isEqualTo(9);
        assertThat(decoded.deltas().get(0).runs()).extracting(PageDelta.Run::offset).containsExactly(0, 1000);
        assertThat(decoded.deltas().get(0).runs().get(0).bytes()).containsExactly(1, 2);
        assertThat(decoded.deltas().get(0).runs().get(1).bytes()).containsExactly(3);
        assertThat(decoded.deltas().get(1).runs()).isEmpty();
        assertThat(encoded.length).isEqualTo(EntryCodec.partSize("db", 1, 1024) + 2 * (4 + 2) + 4 + 2 + 4 + 1);
    }

    @Test
    void decodesFromTheRemainingBytesOfAReadOnlyBufferAndLeavesItsPosition() {
        TransactionPart part = new TransactionPart("db", 7L, 0, true, 512, 4, randomFrames(2, 512));
        byte[] encoded = EntryCodec.encode(part);
        byte[] surrounded = new byte[encoded.length + 10];
        System.arraycopy(encoded, 0, surrounded, 3, encoded.length);
        ByteBuffer buffer = ByteBuffer.wrap(surrounded, 3, encoded.length).asReadOnlyBuffer();

        TransactionPart decoded = (TransactionPart) EntryCodec.decode(buffer);

        assertSameFrames(decoded.frames(), part.frames());
        assertThat(buffer.position()).isEqualTo(3);
        surrounded[3 + encoded.length / 2] ^= 1;
        assertThatThrownBy(() -> EntryCodec.decode(ByteBuffer.wrap(surrounded, 3, encoded.length)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void versionOneEntriesStillDecode() {
        TransactionPart part = new TransactionPart("db", 7L, 0, true, 512, 3, randomFrames(2, 512));
        byte[] current = EntryCodec.encode(part);
        // version 1 had no delta count before the checksum
        byte[] old = Arrays.copyOf(current, current.length - 4);
        old[4] = 1;

        TransactionPart decoded = (TransactionPart) EntryCodec.decode(withChecksum(old, old.length - 4));

        assertSameFrames(decoded.frames(), part.frames());
        assertThat(decoded.deltas()).isEmpty();
        assertThat(decoded.databasePages()).isEqualTo(3);
    }

    @Test
    void aRunBeyondThePageIsRejected() {
        PageDelta delta = new PageDelta(2, List.of(new PageDelta.Run(500, new byte[] {1, 2, 3, 4})));
        byte[] entry = EntryCodec.encode(new TransactionPart("db", 1, 0, true, 512, 2, List.of(), List.of(delta)));
        // the run's offset, after the delta's page number and run count, moves to 510: 4 bytes end at 514
        ByteBuffer.wrap(entry).putShort(entry.length - 4 - 4 - 2 - 2, (short) 510);

        assertThatThrownBy(() -> EntryCodec.decode(withChecksum(entry, entry.length - 4)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("run of 4 bytes at offset 510");
    }

    @Test
    void deltasInAPartOfASplitTransactionAreRejected() {
        PageDelta delta = new PageDelta(2, List.of(new PageDelta.Run(0, new byte[] {1})));
        assertThatThrownBy(() -> new TransactionPart("db", 1, 1, true, 512, 2, List.of(), List.of(delta)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deltas");

        byte[] entry = EntryCodec.encode(new TransactionPart("db", 1, 0, true, 512, 2, List.of(), List.of(delta)));
        int lastOffset = 4 + 1 + 1 + 8 + 1 + 2 + 4;
        entry[lastOffset] = 0;
        ByteBuffer.wrap(entry).putInt(lastOffset + 1 + 4, 0);

        assertThatThrownBy(() -> EntryCodec.decode(withChecksum(entry, entry.length - 4)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("deltas");
    }

    @Test
    void abortRoundTrips() {
        LogEntry decoded = EntryCodec.decode(EntryCodec.encode(new TransactionAbort("db", Long.MAX_VALUE)));

        assertThat(decoded).isEqualTo(new TransactionAbort("db", Long.MAX_VALUE));
    }

    @Test
    void spareListRoundTrips() {
        SpareList spares = new SpareList(List.of(new SpareList.Spare("4", "127.0.0.1:10004", "127.0.0.1:9004"),
                new SpareList.Spare("nœud-5", "db-5.example:10005", "db-5.example:9005")));

        assertThat(EntryCodec.decode(EntryCodec.encode(spares))).isEqualTo(spares);
        assertThat(EntryCodec.decode(EntryCodec.encode(SpareList.empty()))).isEqualTo(SpareList.empty());
    }

    @Test
    void aSpareListNamingOneNodeTwiceIsRefused() {
        byte[] one = EntryCodec.encode(new SpareList(List.of(new SpareList.Spare("4", "a:1", "a:2"))));
        ByteBuffer twice = ByteBuffer.allocate(one.length + (one.length - 12));
        twice.put(one, 0, 6).putShort((short) 2).put(one, 8, one.length - 12).put(one, 8, one.length - 12);
        byte[] entry = twice.array();

        assertThatThrownBy(() -> EntryCodec.decode(withChecksum(entry, entry.length - 4)))
                .isInstanceOf(CorruptEntryException.class).hasMessageContaining("listed twice");
    }

    @Test
    void encodedSizeIsAnnouncedSize() {
        TransactionPart part = new TransactionPart("db", 1, 0, false, 512, 0, randomFrames(3, 512));

        assertThat((long) EntryCodec.encode(part).length).isEqualTo(EntryCodec.partSize("db", 3, 512));
    }

    @Test
    void everyCorruptionOfASingleByteIsDetected() {
        List<byte[]> entries = List.of(
                EntryCodec.encode(new TransactionPart("db", 99, 0, true, 512, 2, randomFrames(2, 512))),
                EntryCodec.encode(new TransactionPart("db", 99, 0, true, 512, 2, List.of(),
                        List.of(new PageDelta(3, List.of(new PageDelta.Run(7, new byte[] {1, 2})))))),
                EntryCodec.encode(new TransactionAbort("notes", 5)),
                EntryCodec.encode(new SpareList(List.of(new SpareList.Spare("4", "a:1", "a:2")))));
        long checked = 0;
        for (byte[] entry : entries) {
            for (int position = 0; position < entry.length; position++) {
                for (int delta = 1; delta < 256; delta++) {
                    byte[] corrupt = entry.clone();
                    corrupt[position] ^= (byte) delta;
                    assertThatThrownBy(() -> EntryCodec.decode(corrupt))
                            .as("byte %d xor %d", position, delta)
                            .isInstanceOf(CorruptEntryException.class);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(250_000);
    }

    @Test
    void truncatedInputIsRejected() {
        byte[] entry = EntryCodec.encode(new TransactionPart("db", 1, 0, true, 512, 1, randomFrames(1, 512)));
        for (int length = 0; length < entry.length; length++) {
            byte[] truncated = Arrays.copyOf(entry, length);
            assertThatThrownBy(() -> EntryCodec.decode(truncated))
                    .as("first %d bytes", length)
                    .isInstanceOf(CorruptEntryException.class);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] entry = EntryCodec.encode(new TransactionAbort("db", 1));
        byte[] longer = withChecksum(Arrays.copyOf(entry, entry.length + 4), entry.length);

        assertThatThrownBy(() -> EntryCodec.decode(longer))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void unknownVersionIsNamedEvenWithAValidChecksum() {
        byte[] entry = EntryCodec.encode(new TransactionAbort("db", 1));
        entry[4] = 9;

        assertThatThrownBy(() -> EntryCodec.decode(withChecksum(entry, entry.length - 4)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void invalidFieldsBehindAValidChecksumAreRejected() {
        byte[] entry = EntryCodec.encode(new TransactionPart("db", 1, 0, true, 512, 1, randomFrames(1, 512)));
        int pageSizeOffset = 4 + 1 + 1 + 8 + 1 + 2 + 4 + 1;
        ByteBuffer.wrap(entry).putInt(pageSizeOffset, 1000);

        assertThatThrownBy(() -> EntryCodec.decode(withChecksum(entry, entry.length - 4)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("page size 1000");
    }

    @Test
    void invalidUtf8NameIsRejected() {
        byte[] entry = EntryCodec.encode(new TransactionAbort("ab", 1));
        entry[4 + 1 + 1 + 8 + 1] = (byte) 0xff;

        assertThatThrownBy(() -> EntryCodec.decode(withChecksum(entry, entry.length - 4)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void randomBytesAreRejected() {
        for (int i = 0; i < 10_000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            assertThatThrownBy(() -> EntryCodec.decode(noise)).isInstanceOf(CorruptEntryException.class);
        }
    }

    private List<Frame> randomFrames(int count, int pageSize) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] page = new byte[pageSize];
            random.nextBytes(page);
            frames.add(new Frame(1 + random.nextInt(1000), page));
        }
        return frames;
    }

    static void assertSameFrames(List<Frame> actual, List<Frame> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).pageNumber()).isEqualTo(expected.get(i).pageNumber());
            assertThat(actual.get(i).page()).isEqualTo(expected.get(i).page());
        }
    }

    /** Rewrites the trailing CRC-32C so that only the field under test is wrong. */
    private static byte[] withChecksum(byte[] entry, int bodyLength) {
        byte[] result = Arrays.copyOf(entry, bodyLength + 4);
        CRC32C crc = new CRC32C();
        crc.update(result, 0, bodyLength);
        ByteBuffer.wrap(result).putInt(bodyLength, (int) crc.getValue());
        return result;
    }
}
