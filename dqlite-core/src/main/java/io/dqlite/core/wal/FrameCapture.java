package io.dqlite.core.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the frames of committed transactions out of a database's {@code -wal} file.
 *
 * <p>Call {@link #readCommits()} right after each commit, while no other write transaction or
 * checkpoint can run: SQLite rewrites spilled frames in place until commit, and the next writer
 * may restart the WAL over frames not yet read. The capture opens only the {@code -wal} file,
 * on its own channel, and never the database or {@code -shm} file, whose POSIX locks a close
 * would drop.
 */
public final class FrameCapture implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(FrameCapture.class);

    private final Path walFile;
    private final byte[] headerBytes = new byte[WalHeader.SIZE];
    private FileChannel channel;
    private Object fileKey;
    private WalHeader header;
    private long offset;
    private int checksum1;
    private int checksum2;
    private long generations;

    /** Creates a capture of the WAL of the database file {@code databaseFile}. */
    public FrameCapture(Path databaseFile) {
        this.walFile = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
    }

    /**
     * Returns the transactions committed to the WAL since the previous call, oldest first, and
     * moves past them. Frames after the last commit frame (a transaction still open or rolled
     * back) are neither returned nor consumed.
     *
     * <p>Only the frames' places are kept: their pages are read from the WAL when the commits'
     * frames are iterated, which must happen before the next write transaction or checkpoint
     * (or take {@link WalCommit#inMemory()} first).
     */
    public List<WalCommit> readCommits() throws IOException {
        if (!refreshHeader()) {
            return List.of();
        }
        List<WalCommit> commits = new ArrayList<>(1);
        TreeMap<Integer, Long> pages = new TreeMap<>();
        WalChecksum checksum = new WalChecksum(header.checksumOrder(), checksum1, checksum2);
        byte[] frameBytes = new byte[header.frameSize()];
        ByteBuffer frame = ByteBuffer.wrap(frameBytes);
        long position = offset;
        Frame lastCommitFrame = null;
        while (readFully(frame, position)) {
            if (WalFrameHeader.salt1(frame) != header.salt1() || WalFrameHeader.salt2(frame) != header.salt2()) {
                break;
            }
            checksum.update(frameBytes, 0, 8);
            checksum.update(frameBytes, WalFrameHeader.SIZE, header.pageSize());
            if (!checksum.matches(WalFrameHeader.checksum1(frame), WalFrameHeader.checksum2(frame))) {
                break;
            }
            int pageNumber = WalFrameHeader.pageNumber(frame);
            pages.put(pageNumber, position + WalFrameHeader.SIZE);
            position += frameBytes.length;
            int commitSize = WalFrameHeader.commitSize(frame);
            if (commitSize != 0) {
                Frame commitFrame = new Frame(pageNumber,
                        Arrays.copyOfRange(frameBytes, WalFrameHeader.SIZE, frameBytes.length));
                if (!isPadding(pages, commitFrame, lastCommitFrame)) {
                    commits.add(toCommit(pages, Integer.toUnsignedLong(commitSize)));
                }
                lastCommitFrame = commitFrame;
                pages = new TreeMap<>();
                offset = position;
                checksum1 = checksum.first();
                checksum2 = checksum.second();
            }
        }
        return commits;
    }

    /** Returns how many frames the current WAL generation holds up to the last captured commit. */
    public long capturedFrames() {
        return header == null ? 0 : (offset - WalHeader.SIZE) / header.frameSize();
    }

    /** Returns how many WAL generations (restarts included) this capture has followed. */
    public long generations() {
        return generations;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Follows the WAL file and its header; returns whether it holds a generation to read. */
    private boolean refreshHeader() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(walFile, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            close();
            header = null;
            return false;
        }
        if (channel == null || !key.equals(fileKey)) {
            close();
            channel = FileChannel.open(walFile, StandardOpenOption.READ);
            fileKey = key;
            header = null;
        }
        if (!readFully(ByteBuffer.wrap(headerBytes), 0)) {
            header = null;
            return false;
        }
        if (header == null || !header.sameGeneration(headerBytes)) {
            header = WalHeader.parse(headerBytes);
            offset = WalHeader.SIZE;
            checksum1 = header.checksum1();
            checksum2 = header.checksum2();
            generations++;
            log.debug("Following WAL generation {} of {} (page size {})", generations, walFile, header.pageSize());
        }
        return true;
    }

    private boolean readFully(ByteBuffer buffer, long position) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                return false;
            }
        }
        return true;
    }

    /** Tells whether a one-frame "transaction" is only the padding that repeats the commit frame. */
    private static boolean isPadding(Map<Integer, Long> pages, Frame commitFrame, Frame lastCommitFrame) {
        return lastCommitFrame != null
                && pages.size() == 1
                && commitFrame.pageNumber() == lastCommitFrame.pageNumber()
                && Arrays.equals(commitFrame.page(), lastCommitFrame.page());
    }

    private WalCommit toCommit(Map<Integer, Long> pages, long databasePages) {
        int[] numbers = new int[pages.size()];
        long[] offsets = new long[pages.size()];
        int i = 0;
        for (Map.Entry<Integer, Long> page : pages.entrySet()) {
            numbers[i] = page.getKey();
            offsets[i] = page.getValue();
            i++;
        }
        return new WalCommit(header.pageSize(), new StoredFrames(channel, header.pageSize(), numbers, offsets),
                databasePages);
    }
}
