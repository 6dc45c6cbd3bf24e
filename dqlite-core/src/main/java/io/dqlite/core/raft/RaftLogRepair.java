package io.dqlite.core.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys.Log.CorruptionPolicy;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a node's Raft log where its entries stop following one another, before Ratis loads it.
 *
 * <p>Ratis refuses to start on a log with a gap (an entry missing inside a segment, or a segment
 * that does not start where the previous one ended). Everything from the gap on is dropped, with
 * a warning naming the files and indexes, and the node catches up from the leader like a follower
 * that was down. Entries before the gap are kept as they are.
 */
public final class RaftLogRepair {

    private static final Logger log = LoggerFactory.getLogger(RaftLogRepair.class);
    private static final Pattern CLOSED = Pattern.compile("log_(\\d+)-(\\d+)");
    private static final Pattern OPEN = Pattern.compile("log_inprogress_(\\d+)");

    private final SizeInBytes maxEntry;

    /** A repair that reads entries of at most {@code maxEntry}, the limit Ratis reads its log with. */
    public RaftLogRepair(SizeInBytes maxEntry) {
        this.maxEntry = maxEntry;
    }

    /** Repairs the log of every Raft group stored under {@code storageDirectory}; returns the number of files cut or dropped. */
    public int repairAll(Path storageDirectory) throws IOException {
        if (!Files.isDirectory(storageDirectory)) {
            return 0;
        }
        int changed = 0;
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(storageDirectory, Files::isDirectory)) {
            for (Path group : groups) {
                Path current = group.resolve("current");
                if (Files.isDirectory(current)) {
                    changed += repair(current);
                }
            }
        }
        return changed;
    }

    /** Repairs the segments in {@code directory} (a group's {@code current} directory). */
    int repair(Path directory) throws IOException {
        List<Segment> segments = segments(directory);
        long expected = -1;
        int changed = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (expected >= 0 && segment.start() != expected) {
                log.warn("Raft log {} starts at index {} but the log before it ends at {}: dropping it and every "
                        + "later segment; the node catches up from the leader", segment.file(), segment.start(),
                        expected - 1);
                return changed + drop(segments.subList(i, segments.size()));
            }
            Scan scan = scan(segment);
            if (scan.gapAfter() == null && segment.end() >= 0 && scan.last() != segment.end()) {
                scan = new Scan(scan.last(), "its entries end at index " + scan.last() + ", not at " + segment.end()
                        + " as its name says");
            }
            if (scan.gapAfter() == null) {
                expected = scan.last() < 0 ? segment.start() : scan.last() + 1;
                continue;
            }
            log.warn("Raft log {} has a gap: {}; keeping its entries up to index {} and dropping the rest of the log "
                    + "(the node catches up from the leader)", segment.file(), scan.gapAfter(), scan.last());
            changed += cut(segment, scan.last());
            return changed + drop(segments.subList(i + 1, segments.size()));
        }
        return changed;
    }

    private Scan scan(Segment segment) throws IOException {
        long[] last = {-1};
        long start = segment.start();
        try {
            LogSegment.readSegmentFile(segment.file().toFile(), LogSegmentPath.matchLogSegment(segment.file()).getStartEnd(),
                    maxEntry, CorruptionPolicy.WARN_AND_RETURN, null, entry -> {
                        long wanted = last[0] < 0 ? start : last[0] + 1;
                        if (entry.getIndex() != wanted) {
                            throw new GapException("entry " + entry.getIndex() + " where " + wanted + " belongs");
                        }
                        last[0] = entry.getIndex();
                    });
        } catch (GapException e) {
            return new Scan(last[0], e.getMessage());
        } catch (IllegalStateException e) {
            // Ratis' own check between two entries read one after the other; its message holds whole entries
            return new Scan(last[0], "the entry read after index " + last[0] + " is not index " + (last[0] + 1));
        }
        return new Scan(last[0], null);
    }

    /** Rewrites {@code segment} with its entries up to {@code last} only, or deletes it if none. */
    private int cut(Segment segment, long last) throws IOException {
        if (last < segment.start()) {
            Files.delete(segment.file());
            return 1;
        }
        Path rewritten = segment.file().resolveSibling(segment.file().getFileName() + ".repair");
        try (SegmentedRaftLogOutputStream out = new SegmentedRaftLogOutputStream(rewritten.toFile(), false,
                Long.MAX_VALUE, 0, ByteBuffer.allocateDirect(1 << 16))) {
            LogSegment.readSegmentFile(segment.file().toFile(), LogSegmentPath.matchLogSegment(segment.file()).getStartEnd(),
                    maxEntry, CorruptionPolicy.WARN_AND_RETURN, null, entry -> writeUpTo(out, entry, last));
        } catch (StopReading | IllegalStateException expected) {
            // reached the gap: everything up to last is written
        }
        Path target = segment.open() ? segment.file() : segment.file().resolveSibling("log_" + segment.start() + "-" + last);
        try (FileChannel channel = FileChannel.open(rewritten, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(rewritten, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!target.equals(segment.file())) {
            Files.delete(segment.file());
        }
        return 1;
    }

    private static void writeUpTo(SegmentedRaftLogOutputStream out, LogEntryProto entry, long last) {
        if (entry.getIndex() > last) {
            throw new StopReading();
        }
        try {
            out.write(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int drop(List<Segment> segments) throws IOException {
        for (Segment segment : segments) {
            log.warn("Dropping Raft log segment {}", segment.file());
            Files.delete(segment.file());
        }
        return segments.size();
    }

    /** Returns the segment files in {@code directory} (a group's {@code current} directory), by start index. */
    static List<Segment> segments(Path directory) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher closed = CLOSED.matcher(name);
                Matcher open = OPEN.matcher(name);
                if (closed.matches()) {
                    segments.add(new Segment(file, Long.parseLong(closed.group(1)), Long.parseLong(closed.group(2))));
                } else if (open.matches()) {
                    segments.add(new Segment(file, Long.parseLong(open.group(1)), -1));
                }
            }
        }
        segments.sort(Comparator.comparingLong(Segment::start));
        return segments;
    }

    /** A segment file: closed ones are named after their last index, the open one has none ({@code end} -1). */
    record Segment(Path file, long start, long end) {

        boolean open() {
            return end < 0;
        }
    }

    /** What a segment holds: the last index of its unbroken run of entries, and the gap after it, if any. */
    private record Scan(long last, String gapAfter) {
    }

    private static final class GapException extends RuntimeException {
        GapException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }
}
