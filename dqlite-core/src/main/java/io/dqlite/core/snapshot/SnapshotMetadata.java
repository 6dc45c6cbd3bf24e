package io.dqlite.core.snapshot;

import java.io.IOException;
import io.dqlite.core.entry.SpareList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The metadata file of a snapshot: its Raft term and index, each database's file name, size
 * and checksum, and the cluster's spare members (one line each, starting with {@value #SPARE}).
 * It is written last, so a snapshot without it is incomplete. Version 2 checksums files with
 * CRC-32C; version 1, still read, used SHA-256, which cost a snapshot of a big database seconds.
 *
 * @param term the Raft term of the last entry the snapshot contains
 * @param index the Raft index of the last entry the snapshot contains
 * @param databases one line per database file
 * @param spares the spare members at that index
 * @param checksum how the files' checksums were computed
 */
record SnapshotMetadata(long term, long index, List<DatabaseFile> databases, SpareList spares, Checksum checksum) {

    static final String FILE_NAME = "snapshot.meta";
    private static final String HEADER_PREFIX = "dqlite-snapshot ";
    /** Starts a spare member's line; a database line starts with its name in hex, never with this. */
    private static final String SPARE = "spare";

    /**
     * One database in a snapshot.
     *
     * @param name the database's name
     * @param fileName the name of its file in the snapshot directory
     * @param size the file's length in bytes
     * @param checksum the file's checksum, in hex
     */
    record DatabaseFile(String name, String fileName, long size, String checksum) {
    }

    /** A way to checksum a snapshot's files, by the metadata version that uses it. */
    enum Checksum {
        /** Version 1. */
        SHA_256(1),
        /** Version 2, written now. */
        CRC_32C(2);

        private final int version;

        Checksum(int version) {
            this.version = version;
        }

        static Checksum ofVersion(String version) {
            for (Checksum checksum : values()) {
                if (String.valueOf(checksum.version).equals(version)) {
                    return checksum;
                }
            }
            return null;
        }
    }

    void write(Path directory) throws IOException {
        StringBuilder text = new StringBuilder(HEADER_PREFIX).append(checksum.version).append('\n')
                .append(term).append(' ').append(index).append('\n');
        for (DatabaseFile database : databases) {
            text.append(hex(database.name())).append(' ')
                    .append(database.fileName()).append(' ').append(database.size()).append(' ')
                    .append(database.checksum()).append('\n');
        }
        for (SpareList.Spare spare : spares.spares()) {
            text.append(SPARE).append(' ').append(hex(spare.id())).append(' ').append(hex(spare.raftAddress()))
                    .append(' ').append(hex(spare.wireAddress())).append('\n');
        }
        Files.writeString(directory.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
    }

    static SnapshotMetadata read(Path directory) throws SnapshotCorruptException {
        Path file = directory.resolve(FILE_NAME);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Checksum checksum = lines.isEmpty() || !lines.get(0).startsWith(HEADER_PREFIX) ? null
                    : Checksum.ofVersion(lines.get(0).substring(HEADER_PREFIX.length()));
            if (lines.size() < 2 || checksum == null) {
                throw new SnapshotCorruptException(file + " is not a dqlite snapshot metadata file of version 1 or 2");
            }
            String[] termIndex = lines.get(1).split(" ");
            List<DatabaseFile> databases = new ArrayList<>();
            List<SpareList.Spare> spares = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] fields = line.split(" ");
                if (fields.length == 4 && fields[0].equals(SPARE)) {
                    spares.add(new SpareList.Spare(text(fields[1]), text(fields[2]), text(fields[3])));
                    continue;
                }
                if (fields.length != 4) {
                    throw new SnapshotCorruptException(file + " has a malformed line: " + line);
                }
                databases.add(new DatabaseFile(text(fields[0]), fields[1], Long.parseLong(fields[2]), fields[3]));
            }
            return new SnapshotMetadata(Long.parseLong(termIndex[0]), Long.parseLong(termIndex[1]), databases,
                    new SpareList(spares), checksum);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotCorruptException corrupt) {
                throw corrupt;
            }
            throw new SnapshotCorruptException("cannot read snapshot metadata " + file + ": " + e);
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }
}
