package io.dqlite.core.raft;

import io.dqlite.core.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Which cluster a node's data belongs to: an id, and the name it was created with if it had one. The id is the Raft
 * group of the cluster, so a node never takes part in the Raft group of another cluster (Ratis refuses the requests
 * of another group), and it is stored in the data directory, so a node whose directory belongs to another cluster is
 * refused before it starts.
 *
 * @param id the cluster's id, its Raft group
 * @param name the name the cluster was created with, or null
 */
public record ClusterIdentity(UUID id, String name) {

    /** The file in a data directory that holds the identity of the cluster the data belongs to. */
    public static final String FILE_NAME = "cluster-id";

    /** The identity of the cluster called {@code name}: every node configured with that name computes the same id. */
    public static ClusterIdentity named(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a cluster name must not be blank");
        }
        return new ClusterIdentity(UUID.nameUUIDFromBytes(("dqlite cluster " + name).getBytes(StandardCharsets.UTF_8)),
                name);
    }

    /**
     * The identity of a new unnamed cluster of {@code members}: a random one for a node that starts a cluster alone
     * (others join it and learn the id from it), else one that every node configured with the same members computes.
     */
    public static ClusterIdentity bootstrap(List<Member> members) {
        if (members.size() == 1) {
            return new ClusterIdentity(UUID.randomUUID(), null);
        }
        String list = members.stream().sorted(Comparator.comparing(Member::id))
                .map(member -> member.id() + "=" + member.raftAddress()).collect(Collectors.joining(","));
        return new ClusterIdentity(UUID.nameUUIDFromBytes(("dqlite cluster of " + list)
                .getBytes(StandardCharsets.UTF_8)), null);
    }

    /** Returns the identity of id {@code id} (a UUID) and name {@code name}, empty for none, as a node told it. */
    public static ClusterIdentity parse(String id, String name) {
        try {
            return new ClusterIdentity(UUID.fromString(id), name == null || name.isEmpty() ? null : name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a cluster id (a UUID)", e);
        }
    }

    /**
     * Returns the cluster a node starting from {@code dataDirectory} belongs to: the one its data belongs to; for an
     * empty directory, the cluster the other {@code members} are already in, as {@code peers} reports it (a node that
     * lost its data, or starts after the others did), else a new one, named {@code configuredName} if not null (see
     * {@link #bootstrap}). The identity is stored in the directory.
     *
     * @throws IllegalStateException if the data, or the other members, belong to a cluster other than the one named
     *     {@code configuredName}, or the data holds the Raft log of another cluster than its stored identity says
     */
    public static ClusterIdentity forStart(Path dataDirectory, String configuredName, List<Member> members,
            Supplier<Optional<ClusterIdentity>> peers) throws IOException {
        ClusterIdentity configured = configuredName == null ? null : named(configuredName);
        Optional<ClusterIdentity> stored = of(dataDirectory);
        if (stored.isEmpty()) {
            Optional<ClusterIdentity> existing = members.size() > 1 ? peers.get() : Optional.empty();
            if (existing.isPresent() && configured != null && !configured.id().equals(existing.get().id())) {
                throw new IllegalStateException("the other members of this node's configuration belong to cluster "
                        + existing.get().describe() + ", but this node is configured for cluster "
                        + configured.describe() + ": a node never joins another cluster than its own");
            }
            ClusterIdentity created = existing.orElse(configured != null ? configured : bootstrap(members));
            created.writeTo(dataDirectory);
            return created;
        }
        ClusterIdentity held = stored.get();
        if (configured != null && !configured.id().equals(held.id())) {
            throw new IllegalStateException("the data directory " + dataDirectory + " belongs to cluster "
                    + held.describe() + ", but this node is configured for cluster " + configured.describe()
                    + ": a node never starts with another cluster's data. Configure the name of the cluster the data"
                    + " belongs to, or give the node an empty data directory");
        }
        for (UUID group : groupsIn(dataDirectory)) {
            if (!group.equals(held.id())) {
                throw new IllegalStateException("the data directory " + dataDirectory + " belongs to cluster "
                        + held.describe() + " (" + FILE_NAME + ") but holds the Raft log of cluster " + group
                        + ": it was mixed from two clusters' data; give the node an empty data directory");
            }
        }
        if (!Files.isRegularFile(dataDirectory.resolve(FILE_NAME))) {
            held.writeTo(dataDirectory);
        }
        return held;
    }

    /**
     * Records in the empty {@code dataDirectory} of a joining node that it belongs to {@code cluster}, the cluster its
     * contacts belong to.
     *
     * @throws IllegalStateException if {@code configuredName} is not null and names another cluster
     */
    public static ClusterIdentity forJoin(Path dataDirectory, String configuredName, ClusterIdentity cluster)
            throws IOException {
        if (configuredName != null && !named(configuredName).id().equals(cluster.id())) {
            throw new IllegalStateException("the nodes this node was asked to join belong to cluster "
                    + cluster.describe() + ", but it is configured for cluster " + named(configuredName).describe()
                    + ": a node never joins another cluster than its own");
        }
        cluster.writeTo(dataDirectory);
        return cluster;
    }

    /**
     * Returns the identity of the cluster whose data is in {@code dataDirectory}: the stored one, or for a directory
     * of the time before ids the group its Raft log is in; empty for a directory that holds no cluster's data.
     *
     * @throws IOException if the stored identity cannot be read, or the Raft log is in more than one group
     */
    public static Optional<ClusterIdentity> of(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            return Optional.of(read(file));
        }
        List<UUID> groups = groupsIn(dataDirectory);
        if (groups.size() > 1) {
            throw new IOException(dataDirectory + " holds the Raft logs of several clusters " + groups
                    + " and no " + FILE_NAME + " file saying which one is this node's");
        }
        return groups.stream().findFirst().map(group -> new ClusterIdentity(group, null));
    }

    /** Returns the ids of the Raft groups whose logs are in {@code dataDirectory}. */
    public static List<UUID> groupsIn(Path dataDirectory) throws IOException {
        Path raft = dataDirectory.resolve("raft");
        List<UUID> groups = new ArrayList<>();
        if (!Files.isDirectory(raft)) {
            return groups;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(raft, Files::isDirectory)) {
            for (Path entry : entries) {
                try {
                    groups.add(UUID.fromString(entry.getFileName().toString()));
                } catch (IllegalArgumentException notAGroup) {
                    // Ratis keeps only group directories here; anything else is not a cluster's log
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return groups;
    }

    private static ClusterIdentity read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            UUID id = UUID.fromString(lines.isEmpty() ? "" : lines.get(0).strip());
            String name = lines.size() > 1 && !lines.get(1).isBlank() ? lines.get(1).strip() : null;
            return new ClusterIdentity(id, name);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a cluster id (a UUID on its first line): " + e.getMessage(), e);
        }
    }

    /** Stores this identity in {@code dataDirectory}, replacing the file at once so that it is never half written. */
    public void writeTo(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        Path file = dataDirectory.resolve(FILE_NAME);
        Path written = dataDirectory.resolve(FILE_NAME + ".new");
        Files.writeString(written, id + "\n" + (name == null ? "" : name) + "\n", StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Returns the Raft group of this cluster. */
    public RaftGroupId groupId() {
        return RaftGroupId.valueOf(id);
    }

    /** Returns how messages name this cluster: its name and id, or its id. */
    public String describe() {
        return name == null ? id.toString() : "'" + name + "' (" + id + ")";
    }
}
