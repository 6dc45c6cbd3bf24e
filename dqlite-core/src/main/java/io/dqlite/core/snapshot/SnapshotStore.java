package io.dqlite.core.snapshot;

import io.dqlite.core.entry.SpareList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots in the Raft state-machine directory: one directory per snapshot, named by term and
 * index, holding one file per database and a metadata file; Ratis ships the listed files to
 * followers that are too far behind.
 */
public final class SnapshotStore implements StateMachineStorage {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern DIRECTORY = Pattern.compile("snapshot-(\\d+)-(\\d+)");

    private Path directory;
    private volatile Snapshot latest;

    /**
     * A complete snapshot: checksummed as it was written, and verified against its checksums when loaded.
     *
     * @param term the Raft term of the last entry it holds
     * @param index the Raft index of the last entry it holds
     * @param directory where its files are
     * @param databases each database's file in it, by name
     * @param spares the cluster's spare members at that index
     * @param info what Ratis ships of it
     */
    public record Snapshot(long term, long index, Path directory, Map<String, Path> databases, SpareList spares,
            SnapshotInfo info) {
    }

    @Override
    public void init(RaftStorage storage) throws IOException {
        directory = storage.getStorageDir().getStateMachineDir().toPath();
        Files.createDirectories(directory);
    }

    /** Finds and verifies the newest snapshot; throws if it is corrupt, never falls back silently. */
    public Snapshot loadLatest() throws IOException {
        latest = null;
        List<Path> candidates = snapshotDirectories();
        for (Path candidate : candidates) {
            if (!Files.exists(candidate.resolve(SnapshotMetadata.FILE_NAME))) {
                log.warn("Ignoring incomplete snapshot {} (no metadata file)", candidate);
                continue;
            }
            latest = verify(candidate);
            return latest;
        }
        return null;
    }

    /**
     * Writes a snapshot of {@code databases} (name to closed file) and {@code spares} at {@code term}/{@code index}
     * and makes it the latest.
     */
    public Snapshot take(long term, long index, Map<String, Path> databases, SpareList spares) throws IOException {
        Path target = directory.resolve("snapshot-" + term + "-" + index);
        Path temporary = directory.resolve("tmp-" + target.getFileName());
        deleteRecursively(temporary);
        Files.createDirectories(temporary);
        List<SnapshotMetadata.DatabaseFile> files = new ArrayList<>();
        for (Map.Entry<String, Path> database : databases.entrySet()) {
            String fileName = fileName(database.getKey());
            Path copy = temporary.resolve(fileName);
            Files.copy(database.getValue(), copy, StandardCopyOption.REPLACE_EXISTING);
            force(copy);
            files.add(new SnapshotMetadata.DatabaseFile(database.getKey(), fileName, Files.size(copy),
                    checksum(copy, SnapshotMetadata.Checksum.CRC_32C)));
        }
        SnapshotMetadata metadata = new SnapshotMetadata(term, index, files, spares, SnapshotMetadata.Checksum.CRC_32C);
        metadata.write(temporary);
        force(temporary.resolve(SnapshotMetadata.FILE_NAME));
        deleteRecursively(target);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        force(directory);
        // the files were checksummed from the copies just written: read again, they would come from the same cache
        latest = snapshotOf(target, metadata);
        return latest;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        Snapshot snapshot = latest;
        return snapshot == null ? null : snapshot.info();
    }

    /** Returns the latest verified snapshot, or null if there is none. */
    public Snapshot latest() {
        return latest;
    }

    @Override
    public void format() {
        // a new state-machine directory holds no snapshot
    }

    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        int keep = Math.max(1, policy.getNumSnapshotsRetained());
        List<Path> all = snapshotDirectories();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            log.debug("Deleting old snapshot {}", old);
            deleteRecursively(old);
        }
    }

    @Override
    public java.io.File getSnapshotDir() {
        return directory.toFile();
    }

    private Snapshot verify(Path snapshot) throws IOException {
        SnapshotMetadata metadata = SnapshotMetadata.read(snapshot);
        Matcher name = DIRECTORY.matcher(snapshot.getFileName().toString());
        if (!name.matches() || Long.parseLong(name.group(1)) != metadata.term()
                || Long.parseLong(name.group(2)) != metadata.index()) {
            throw new SnapshotCorruptException(snapshot + " does not match its metadata (term " + metadata.term()
                    + ", index " + metadata.index() + ")");
        }
        for (SnapshotMetadata.DatabaseFile database : metadata.databases()) {
            Path file = snapshot.resolve(database.fileName());
            if (!Files.exists(file) || Files.size(file) != database.size()) {
                throw new SnapshotCorruptException("snapshot file " + file + " is missing or not "
                        + database.size() + " bytes long");
            }
            if (!checksum(file, metadata.checksum()).equals(database.checksum())) {
                throw new SnapshotCorruptException("snapshot file " + file + " does not match its "
                        + metadata.checksum().name().replace('_', '-'));
            }
        }
        return snapshotOf(snapshot, metadata);
    }

    private static Snapshot snapshotOf(Path snapshot, SnapshotMetadata metadata) {
        Map<String, Path> databases = new java.util.TreeMap<>();
        List<FileInfo> files = new ArrayList<>();
        for (SnapshotMetadata.DatabaseFile database : metadata.databases()) {
            Path file = snapshot.resolve(database.fileName());
            databases.put(database.name(), file);
            files.add(fileInfo(file));
        }
        files.add(fileInfo(snapshot.resolve(SnapshotMetadata.FILE_NAME)));
        SnapshotInfo info = new FileListSnapshotInfo(files, TermIndex.valueOf(metadata.term(), metadata.index()));
        return new Snapshot(metadata.term(), metadata.index(), snapshot, databases, metadata.spares(), info);
    }

    /** Forces a file, or a directory's entries, to the storage device: Ratis purges the log behind a snapshot. */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Names a file Ratis may ship; without a digest, Ratis computes the MD5 it sends while it reads the file. */
    private static FileInfo fileInfo(Path file) {
        return new FileInfo(file, null);
    }

    /** Lists snapshot directories, newest first. */
    private List<Path> snapshotDirectories() throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(path -> DIRECTORY.matcher(path.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(SnapshotStore::indexOf).reversed())
                    .toList();
        }
    }

    private static long indexOf(Path snapshot) {
        Matcher name = DIRECTORY.matcher(snapshot.getFileName().toString());
        return name.matches() ? Long.parseLong(name.group(2)) : -1;
    }

    /** Returns the file name that holds {@code database}, safe for any name. */
    public static String fileName(String database) {
        return "db-" + HexFormat.of().formatHex(database.getBytes(StandardCharsets.UTF_8)) + ".db";
    }

    private static String checksum(Path file, SnapshotMetadata.Checksum kind) throws IOException {
        return kind == SnapshotMetadata.Checksum.CRC_32C ? crc32c(file) : sha256(file);
    }

    private static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer.clear()) >= 0) {
                crc.update(buffer.flip());
            }
        }
        return String.format("%08x", crc.getValue());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deletes {@code path} and everything below it, if it exists. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
