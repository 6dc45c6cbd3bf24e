package io.dqlite.core.entry;

import io.dqlite.core.wal.Frame;
import io.dqlite.core.wal.PageDelta;
import io.dqlite.core.wal.PageSize;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary format of log entries, version 2, big-endian.
 *
 * <pre>
 * u32 magic "DQLE" | u8 version | u8 kind (1 part, 2 abort, 3 spare list)
 * part and abort: u64 transaction id | u8 name length | name (UTF-8)
 * part only: u32 index | u8 last | u32 page size | u32 database pages | u32 frame count
 *            | frame count x (u32 page number | page bytes)
 *            | u32 delta count | delta count x (u32 page number | u16 run count
 *              | run count x (u16 offset | u16 length | bytes))
 * spare list: u16 count | count x (3 x (u8 length | UTF-8): id, Raft address, wire address)
 * u32 CRC-32C of every byte before it
 * </pre>
 *
 * <p>Version 1 is version 2 without the deltas; it is still read, so a log written before deltas
 * existed replays. Decoding verifies the checksum before it reads anything else and rejects any
 * input that does not describe exactly one valid entry.
 */
public final class EntryCodec {

    /** The format version this codec writes; it reads this one and version 1. */
    public static final int VERSION = 2;

    /** The format version before page deltas, still read. */
    private static final int VERSION_WHOLE_PAGES = 1;

    private static final int MAGIC = 0x44514C45;
    private static final byte KIND_PART = 1;
    private static final byte KIND_ABORT = 2;
    private static final byte KIND_SPARES = 3;
    private static final int KIND_HEADER = 4 + 1 + 1;
    private static final int MAX_SPARES = 0xFFFF;
    private static final int COMMON_HEADER = 4 + 1 + 1 + 8 + 1;
    private static final int PART_HEADER = 4 + 1 + 4 + 4 + 4;
    private static final int DELTA_COUNT = 4;
    private static final int CHECKSUM = 4;
    private static final int FRAME_HEADER = 4;
    private static final int DELTA_HEADER = 4 + 2;
    private static final int MAX_RUNS = 0xFFFF;
    private static final int MAX_RUN_BYTES = 0xFFFF;

    private EntryCodec() {
    }

    /**
     * Returns the encoded size of a part of {@code database} with {@code frames} whole pages of
     * {@code pageSize} bytes and no deltas.
     */
    public static long partSize(String database, int frames, int pageSize) {
        return COMMON_HEADER + nameBytes(database).length + PART_HEADER
                + (long) frames * (FRAME_HEADER + pageSize) + DELTA_COUNT + CHECKSUM;
    }

    private static long partSize(String database, TransactionPart part) {
        long size = partSize(database, part.frames().size(), part.pageSize());
        for (PageDelta delta : part.deltas()) {
            size += DELTA_HEADER + delta.encodedSize();
        }
        return size;
    }

    /** Encodes {@code entry}. */
    public static byte[] encode(LogEntry entry) {
        if (entry instanceof SpareList spares) {
            return encodeSpares(spares);
        }
        return encodeDatabaseEntry((DatabaseEntry) entry);
    }

    private static byte[] encodeDatabaseEntry(DatabaseEntry entry) {
        byte[] name = nameBytes(entry.database());
        ByteBuffer out;
        if (entry instanceof TransactionPart part) {
            out = ByteBuffer.allocate(Math.toIntExact(partSize(entry.database(), part)));
            writeCommonHeader(out, KIND_PART, entry, name);
            out.putInt(part.index());
            out.put((byte) (part.last() ? 1 : 0));
            out.putInt(part.pageSize());
            out.putInt((int) part.databasePages());
            out.putInt(part.frames().size());
            for (Frame frame : part.frames()) {
                out.putInt(frame.pageNumber());
                out.put(frame.page());
            }
            out.putInt(part.deltas().size());
            for (PageDelta delta : part.deltas()) {
                writeDelta(out, delta);
            }
        } else {
            out = ByteBuffer.allocate(COMMON_HEADER + name.length + CHECKSUM);
            writeCommonHeader(out, KIND_ABORT, entry, name);
        }
        out.putInt(checksum(out.array(), out.position()));
        return out.array();
    }

    /**
     * Decodes one entry.
     *
     * @throws CorruptEntryException if {@code bytes} are truncated, fail the checksum, or are not an
     *     entry of this format version
     */
    public static LogEntry decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /**
     * Decodes one entry from the remaining bytes of {@code bytes}, without copying them first; the buffer's own
     * position is left as it was.
     *
     * @throws CorruptEntryException if the bytes are truncated, fail the checksum, or are not an entry of this
     *     format version
     */
    public static LogEntry decode(ByteBuffer bytes) {
        ByteBuffer in = bytes.slice();
        int length = in.remaining();
        if (length < KIND_HEADER + CHECKSUM) {
            throw new CorruptEntryException("log entry is truncated: " + length + " bytes");
        }
        int body = length - CHECKSUM;
        in.limit(body);
        if (checksum(in.duplicate()) != in.duplicate().limit(length).getInt(body)) {
            throw new CorruptEntryException("log entry of " + length + " bytes fails its CRC-32C checksum");
        }
        try {
            LogEntry entry = decodeBody(in);
            if (in.hasRemaining()) {
                throw new CorruptEntryException("log entry has " + in.remaining() + " unexpected trailing bytes");
            }
            return entry;
        } catch (BufferUnderflowException e) {
            throw new CorruptEntryException("log entry is truncated", e);
        } catch (IllegalArgumentException e) {
            throw new CorruptEntryException("log entry is invalid: " + e.getMessage(), e);
        }
    }

    private static LogEntry decodeBody(ByteBuffer in) {
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new CorruptEntryException(String.format("not a dqlite log entry (magic 0x%08x)", magic));
        }
        int version = Byte.toUnsignedInt(in.get());
        if (version != VERSION && version != VERSION_WHOLE_PAGES) {
            throw new CorruptEntryException("log entry format version " + version + " is not supported (expected "
                    + VERSION_WHOLE_PAGES + " or " + VERSION + ")");
        }
        byte kind = in.get();
        if (kind == KIND_SPARES) {
            return decodeSpares(in);
        }
        long transactionId = in.getLong();
        String database = readName(in);
        if (kind == KIND_ABORT) {
            return new TransactionAbort(database, transactionId);
        }
        if (kind != KIND_PART) {
            throw new CorruptEntryException("unknown log entry kind " + kind);
        }
        int index = in.getInt();
        byte last = in.get();
        if (last != 0 && last != 1) {
            throw new CorruptEntryException("log entry has an invalid last-part flag " + last);
        }
        int pageSize = in.getInt();
        if (!PageSize.isValid(pageSize)) {
            throw new CorruptEntryException("log entry has an invalid page size " + pageSize);
        }
        long databasePages = Integer.toUnsignedLong(in.getInt());
        int frameCount = in.getInt();
        long deltaSection = version == VERSION_WHOLE_PAGES ? 0 : DELTA_COUNT;
        if (frameCount < 0 || (long) frameCount * (FRAME_HEADER + pageSize) + deltaSection > in.remaining()
                || (deltaSection == 0 && (long) frameCount * (FRAME_HEADER + pageSize) != in.remaining())) {
            throw new CorruptEntryException("log entry announces " + Integer.toUnsignedString(frameCount)
                    + " frames but holds " + in.remaining() + " bytes of frames");
        }
        List<Frame> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            int pageNumber = in.getInt();
            byte[] page = new byte[pageSize];
            in.get(page);
            frames.add(new Frame(pageNumber, page));
        }
        List<PageDelta> deltas = deltaSection == 0 ? List.of() : readDeltas(in, pageSize);
        return new TransactionPart(database, transactionId, index, last == 1, pageSize, databasePages, frames, deltas);
    }

    private static void writeDelta(ByteBuffer out, PageDelta delta) {
        if (delta.runs().size() > MAX_RUNS) {
            throw new IllegalArgumentException("page " + delta.pageNumber() + " has " + delta.runs().size()
                    + " runs; a delta holds at most " + MAX_RUNS);
        }
        out.putInt(delta.pageNumber());
        out.putShort((short) delta.runs().size());
        for (PageDelta.Run run : delta.runs()) {
            if (run.offset() > 0xFFFF || run.bytes().length > MAX_RUN_BYTES) {
                throw new IllegalArgumentException("page " + delta.pageNumber() + " has a run of "
                        + run.bytes().length + " bytes at offset " + run.offset() + ", beyond what a delta holds");
            }
            out.putShort((short) run.offset());
            out.putShort((short) run.bytes().length);
            out.put(run.bytes());
        }
    }

    private static List<PageDelta> readDeltas(ByteBuffer in, int pageSize) {
        int count = in.getInt();
        if (count < 0 || (long) count * DELTA_HEADER > in.remaining()) {
            throw new CorruptEntryException("log entry announces " + Integer.toUnsignedString(count)
                    + " page deltas but holds " + in.remaining() + " bytes of them");
        }
        List<PageDelta> deltas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pageNumber = in.getInt();
            int runCount = Short.toUnsignedInt(in.getShort());
            List<PageDelta.Run> runs = new ArrayList<>(Math.min(runCount, in.remaining()));
            for (int r = 0; r < runCount; r++) {
                int offset = Short.toUnsignedInt(in.getShort());
                int length = Short.toUnsignedInt(in.getShort());
                if (length == 0 || offset + length > pageSize) {
                    throw new CorruptEntryException("page " + Integer.toUnsignedString(pageNumber) + " has a run of "
                            + length + " bytes at offset " + offset + " in a page of " + pageSize + " bytes");
                }
                byte[] bytes = new byte[length];
                in.get(bytes);
                runs.add(new PageDelta.Run(offset, bytes));
            }
            deltas.add(new PageDelta(pageNumber, runs));
        }
        return deltas;
    }

    private static byte[] encodeSpares(SpareList list) {
        if (list.spares().size() > MAX_SPARES) {
            throw new IllegalArgumentException("a cluster has at most " + MAX_SPARES + " spares, not "
                    + list.spares().size());
        }
        List<byte[]> fields = new ArrayList<>();
        int size = KIND_HEADER + 2 + CHECKSUM;
        for (SpareList.Spare spare : list.spares()) {
            for (String field : List.of(spare.id(), spare.raftAddress(), spare.wireAddress())) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 255) {
                    throw new IllegalArgumentException("spare " + spare.id() + ": '" + field
                            + "' is longer than 255 bytes of UTF-8");
                }
                fields.add(bytes);
                size += 1 + bytes.length;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(MAGIC);
        out.put((byte) VERSION);
        out.put(KIND_SPARES);
        out.putShort((short) list.spares().size());
        for (byte[] field : fields) {
            out.put((byte) field.length);
            out.put(field);
        }
        out.putInt(checksum(out.array(), out.position()));
        return out.array();
    }

    private static SpareList decodeSpares(ByteBuffer in) {
        int count = Short.toUnsignedInt(in.getShort());
        List<SpareList.Spare> spares = new ArrayList<>(Math.min(count, in.remaining()));
        for (int i = 0; i < count; i++) {
            spares.add(new SpareList.Spare(readText(in, "spare id"), readText(in, "spare Raft address"),
                    readText(in, "spare wire address")));
        }
        return new SpareList(spares);
    }

    private static void writeCommonHeader(ByteBuffer out, byte kind, DatabaseEntry entry, byte[] name) {
        out.putInt(MAGIC);
        out.put((byte) VERSION);
        out.put(kind);
        out.putLong(entry.transactionId());
        out.put((byte) name.length);
        out.put(name);
    }

    private static String readName(ByteBuffer in) {
        return readText(in, "database name");
    }

    private static String readText(ByteBuffer in, String what) {
        int length = Byte.toUnsignedInt(in.get());
        byte[] text = new byte[length];
        in.get(text);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptEntryException("log entry's " + what + " is not valid UTF-8", e);
        }
    }

    private static byte[] nameBytes(String database) {
        EntryNames.check(database);
        return database.getBytes(StandardCharsets.UTF_8);
    }

    private static int checksum(byte[] bytes, int length) {
        return checksum(ByteBuffer.wrap(bytes, 0, length));
    }

    private static int checksum(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
