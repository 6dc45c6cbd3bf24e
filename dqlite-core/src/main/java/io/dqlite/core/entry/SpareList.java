package io.dqlite.core.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's spare members, whole: nodes the cluster knows and may give a role, which neither vote nor receive the
 * log. Each entry of this kind replaces the list before it.
 *
 * @param spares the spare members, each id once
 */
public record SpareList(List<Spare> spares) implements LogEntry {

    /**
     * One spare member.
     *
     * @param id the node's id
     * @param raftAddress the host:port of its Raft server
     * @param wireAddress the host:port of its wire protocol server
     */
    public record Spare(String id, String raftAddress, String wireAddress) {

        /** Checks that every field is present. */
        public Spare {
            for (String field : List.of(id, raftAddress, wireAddress)) {
                if (field.isEmpty()) {
                    throw new IllegalArgumentException("a spare member's id and addresses must not be empty");
                }
            }
        }
    }

    /** Copies the list and checks that no id is listed twice. */
    public SpareList {
        spares = List.copyOf(spares);
        if (spares.stream().map(Spare::id).distinct().count() != spares.size()) {
            throw new IllegalArgumentException("a spare member is listed twice: " + spares);
        }
    }

    /** The list with no spare. */
    public static SpareList empty() {
        return new SpareList(List.of());
    }

    /** Returns the spare {@code id}, if it is one. */
    public Optional<Spare> find(String id) {
        return spares.stream().filter(spare -> spare.id().equals(id)).findFirst();
    }

    /** Returns this list with {@code spare} in it, replacing a spare of the same id. */
    public SpareList with(Spare spare) {
        List<Spare> changed = new ArrayList<>(without(spare.id()).spares());
        changed.add(spare);
        return new SpareList(changed);
    }

    /** Returns this list without the spare {@code id}. */
    public SpareList without(String id) {
        return new SpareList(spares.stream().filter(spare -> !spare.id().equals(id)).toList());
    }
}
