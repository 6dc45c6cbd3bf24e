package io.dqlite.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The metadata file of a snapshot: its Raft term and index, and each database's file name, size
 * and SHA-256. It is written last, so a snapshot without it is incomplete.
 *
 * @param term the Raft term of the last entry the snapshot contains
 * @param index the Raft index of the last entry the snapshot contains
 * @param databases one line per database file
 */
record SnapshotMetadata(long term, long index, List<DatabaseFile> databases) {

    static final String FILE_NAME = "snapshot.meta";
    private static final String HEADER = "dqlite-snapshot 1";

    /**
     * One database in a snapshot.
     *
     * @param name the database's name
     * @param fileName the name of its file in the snapshot directory
     * @param size the file's length in bytes
     * @param sha256 the file's SHA-256, in hex
     */
    record DatabaseFile(String name, String fileName, long size, String sha256) {
    }

    void write(Path directory) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append(term).append(' ').append(index).append('\n');
        for (DatabaseFile database : databases) {
            text.append(HexFormat.of().formatHex(database.name().getBytes(StandardCharsets.UTF_8))).append(' ')
                    .append(database.fileName()).append(' ').append(database.size()).append(' ')
                    .append(database.sha256()).append('\n');
        }
        Files.writeString(directory.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
    }

    static SnapshotMetadata read(Path directory) throws SnapshotCorruptException {
        Path file = directory.resolve(FILE_NAME);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(HEADER)) {
                throw new SnapshotCorruptException(file + " is not a dqlite snapshot metadata file");
            }
            String[] termIndex = lines.get(1).split(" ");
            List<DatabaseFile> databases = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] fields = line.split(" ");
                if (fields.length != 4) {
                    throw new SnapshotCorruptException(file + " has a malformed line: " + line);
                }
                String name = new String(HexFormat.of().parseHex(fields[0]), StandardCharsets.UTF_8);
                databases.add(new DatabaseFile(name, fields[1], Long.parseLong(fields[2]), fields[3]));
            }
            return new SnapshotMetadata(Long.parseLong(termIndex[0]), Long.parseLong(termIndex[1]), databases);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotCorruptException corrupt) {
                throw corrupt;
            }
            throw new SnapshotCorruptException("cannot read snapshot metadata " + file + ": " + e);
        }
    }
}
