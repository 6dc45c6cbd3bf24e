package io.dqlite.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A slow, obviously correct linearizability check (every order of every allowed subset) for tiny histories. */
final class BruteForce {

    private BruteForce() {
    }

    /** Returns a random history of {@code size} operations on key 0 with values 0..2, times overlapping freely. */
    static List<RegisterOperation> randomHistory(Random random, int size) {
        List<RegisterOperation> history = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long invoked = random.nextInt(50);
            long completed = invoked + 1 + random.nextInt(20);
            Outcome outcome = random.nextInt(4) == 0 ? Outcome.UNKNOWN : random.nextInt(8) == 0 ? Outcome.FAILED
                    : Outcome.OK;
            long value = random.nextInt(3);
            history.add(switch (random.nextInt(3)) {
                case 0 -> RegisterOperation.read(i, 0, value, invoked, completed);
                case 1 -> RegisterOperation.write(i, 0, value, invoked, completed, outcome);
                default -> RegisterOperation.cas(i, 0, random.nextInt(3), value, random.nextBoolean(), invoked,
                        completed, outcome);
            });
        }
        return history;
    }

    /** Tells whether some order of all acknowledged operations and any subset of unknown ones is valid. */
    static boolean linearizable(List<RegisterOperation> history, long initial) {
        List<RegisterOperation> usable = history.stream().filter(op -> op.outcome() != Outcome.FAILED).toList();
        return search(usable, new boolean[usable.size()], initial);
    }

    private static boolean search(List<RegisterOperation> ops, boolean[] placed, long value) {
        boolean allRequiredPlaced = true;
        for (int i = 0; i < ops.size(); i++) {
            allRequiredPlaced &= placed[i] || ops.get(i).outcome() != Outcome.OK;
        }
        if (allRequiredPlaced) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (placed[i] || !mayGoNext(ops, placed, i)) {
                continue;
            }
            RegisterOperation op = ops.get(i);
            Long next = switch (op.kind()) {
                case READ -> op.value() == value ? value : null;
                case WRITE -> op.value();
                case CAS -> op.outcome() == Outcome.OK && !op.applied() ? (op.expected() != value ? value : null)
                        : (op.expected() == value ? op.value() : null);
            };
            if (next != null) {
                placed[i] = true;
                boolean found = search(ops, placed, next);
                placed[i] = false;
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An operation may go next unless an unplaced acknowledged one returned before it was invoked. */
    private static boolean mayGoNext(List<RegisterOperation> ops, boolean[] placed, int candidate) {
        for (int j = 0; j < ops.size(); j++) {
            if (!placed[j] && j != candidate && ops.get(j).outcome() == Outcome.OK
                    && ops.get(j).completedAt() < ops.get(candidate).invokedAt()) {
                return false;
            }
        }
        return true;
    }
}
