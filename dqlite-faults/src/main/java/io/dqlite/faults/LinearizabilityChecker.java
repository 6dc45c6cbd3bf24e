package io.dqlite.faults;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides whether one register's history is linearizable, with a Wing–Gong–Lowe style search: a
 * depth-first search for an order of the operations that respects real time (an operation may go
 * next only if it was invoked no later than every pending acknowledged operation returned) and the
 * register's semantics, with memoization of (set of operations placed, value) so that no state is
 * explored twice.
 *
 * <p>Definitely failed operations took no effect and are left out. Operations with an unknown
 * outcome never returned as far as the search is concerned: each may take effect at any point
 * after its invocation, or never. Placing one is only tried where the very next operation observes
 * its value (a read or a compare-and-set): in any valid order, an unknown write followed by another
 * write, or by nothing, can be removed and the order stays valid, so this loses no order, and it
 * keeps unknown writes from multiplying the states when the search backtracks.
 */
public final class LinearizabilityChecker {

    /**
     * The verdict on one key's history.
     *
     * @param linearizable whether an order was found
     * @param decided false when the search gave up after its state budget; then {@code linearizable} is false
     * @param states how many states the search visited
     * @param explanation where the search got stuck, when no order was found
     */
    public record Result(boolean linearizable, boolean decided, long states, String explanation) {
    }

    private final long maxStates;

    /** Creates a checker that gives up, undecided, after visiting {@code maxStates} states for one key. */
    public LinearizabilityChecker(long maxStates) {
        this.maxStates = maxStates;
    }

    /** Checks each key's history separately (registers compose: the history is linearizable if each key's is). */
    public Map<Integer, Result> checkEachKey(List<RegisterOperation> history, long initialValue) {
        Map<Integer, List<RegisterOperation>> byKey = history.stream()
                .collect(Collectors.groupingBy(RegisterOperation::key, TreeMap::new, Collectors.toList()));
        Map<Integer, Result> results = new TreeMap<>();
        byKey.forEach((key, operations) -> results.put(key, check(operations, initialValue)));
        return results;
    }

    /** Checks one key's history, whose register starts at {@code initialValue}. */
    public Result check(List<RegisterOperation> history, long initialValue) {
        List<RegisterOperation> operations = history.stream().filter(op -> op.outcome() != Outcome.FAILED)
                .sorted(Comparator.comparingLong(RegisterOperation::invokedAt)).toList();
        Search search = new Search(operations);
        return search.run(initialValue);
    }

    /** One search over one key's operations. */
    private final class Search {

        private final List<RegisterOperation> operations;
        private final int size;
        private final long[] invoked;
        private final long[] returned;
        private final boolean[] required;
        private final Set<StateKey> seen = new HashSet<>();
        private Frame deepest;

        Search(List<RegisterOperation> operations) {
            this.operations = operations;
            this.size = operations.size();
            this.invoked = new long[size];
            this.returned = new long[size];
            this.required = new boolean[size];
            for (int i = 0; i < size; i++) {
                RegisterOperation op = operations.get(i);
                invoked[i] = op.invokedAt();
                required[i] = op.outcome() == Outcome.OK;
                returned[i] = required[i] ? op.completedAt() : Long.MAX_VALUE;
            }
        }

        Result run(long initialValue) {
            int requiredCount = 0;
            for (boolean r : required) {
                requiredCount += r ? 1 : 0;
            }
            Deque<Frame> stack = new ArrayDeque<>();
            Frame root = new Frame(new BitSet(size), initialValue, requiredCount, false);
            stack.push(root);
            deepest = root;
            seen.add(new StateKey(root.done, size, initialValue, false));
            while (!stack.isEmpty()) {
                Frame frame = stack.peek();
                if (frame.requiredLeft == 0) {
                    return new Result(true, true, seen.size(), "");
                }
                int next = frame.nextCandidate();
                if (next < 0) {
                    stack.pop();
                    continue;
                }
                Long value = apply(operations.get(next), frame.value);
                if (value == null) {
                    continue;
                }
                BitSet done = (BitSet) frame.done.clone();
                done.set(next);
                boolean mustObserve = !required[next];
                if (seen.add(new StateKey(done, size, value, mustObserve))) {
                    if (seen.size() > maxStates) {
                        return new Result(false, false, seen.size(), "gave up after " + maxStates + " states; "
                                + explain());
                    }
                    Frame child = new Frame(done, value, frame.requiredLeft - (required[next] ? 1 : 0), mustObserve);
                    if (child.requiredLeft < deepest.requiredLeft) {
                        deepest = child;
                    }
                    stack.push(child);
                }
            }
            return new Result(false, true, seen.size(), explain());
        }

        /** Returns the value after {@code op} runs on {@code value}, or null if its observed result rules that out. */
        private Long apply(RegisterOperation op, long value) {
            return switch (op.kind()) {
                case READ -> op.value() == value ? value : null;
                case WRITE -> op.value();
                case CAS -> {
                    if (op.outcome() == Outcome.OK && !op.applied()) {
                        yield op.expected() != value ? value : null;
                    }
                    // an applied one, or an unknown one that takes effect here (one that would not is simply left out)
                    yield op.expected() == value ? op.value() : null;
                }
            };
        }

        private String explain() {
            Frame frame = deepest;
            int pending = -1;
            for (int i = frame.done.nextClearBit(0); i < size; i = frame.done.nextClearBit(i + 1)) {
                if (required[i] && (pending < 0 || returned[i] < returned[pending])) {
                    pending = i;
                }
            }
            List<String> candidates = new ArrayList<>();
            long limit = pending < 0 ? Long.MAX_VALUE : returned[pending];
            for (int i = frame.done.nextClearBit(0); i < size && invoked[i] <= limit && candidates.size() < 12;
                    i = frame.done.nextClearBit(i + 1)) {
                candidates.add(operations.get(i).toString());
            }
            return "after " + frame.done.cardinality() + " of " + size + " operations the value is " + frame.value
                    + " and no operation can come next; the first pending acknowledged operation is "
                    + (pending < 0 ? "none" : operations.get(pending)) + "; candidates: " + candidates;
        }

        /** A state on the search path and the next candidate to try from it. */
        private final class Frame {

            final BitSet done;
            final long value;
            final int requiredLeft;
            /** Set after an unknown operation was placed: only a read or a compare-and-set may come next. */
            final boolean mustObserve;
            private long limit = -1;
            private int base;
            private int cursor;

            Frame(BitSet done, long value, int requiredLeft, boolean mustObserve) {
                this.done = done;
                this.value = value;
                this.requiredLeft = requiredLeft;
                this.mustObserve = mustObserve;
            }

            /**
             * Returns the next operation that may go next from this state, or -1: acknowledged ones first in
             * invocation order, then unknown ones, all invoked no later than the earliest pending acknowledged return.
             */
            int nextCandidate() {
                if (limit < 0) {
                    limit = Long.MAX_VALUE;
                    // operations come in invocation order, and one invoked after the limit returns after it too
                    for (int i = done.nextClearBit(0); i < size && invoked[i] <= limit; i = done.nextClearBit(i + 1)) {
                        if (required[i]) {
                            limit = Math.min(limit, returned[i]);
                        }
                    }
                    base = done.nextClearBit(0);
                    cursor = base;
                }
                // cursor walks the acknowledged candidates (base..size-1), then the unknown ones (size+base..2*size-1)
                while (cursor < 2 * size) {
                    if (cursor == size) {
                        cursor = size + base;
                    }
                    int i = cursor % size;
                    boolean wantRequired = cursor < size;
                    if (invoked[i] > limit) {
                        cursor = wantRequired ? size + base : 2 * size;
                        continue;
                    }
                    cursor++;
                    if (!done.get(i) && required[i] == wantRequired
                            && !(mustObserve && operations.get(i).kind() == RegisterOperation.Kind.WRITE)) {
                        return i;
                    }
                }
                return -1;
            }
        }
    }

    /**
     * A memoized state: which operations are placed (compactly: the first unplaced index and the rest), the
     * value, and whether the next operation must observe it.
     */
    private static final class StateKey {

        private final int base;
        private final long[] rest;
        private final long value;
        private final boolean mustObserve;
        private final int hash;

        StateKey(BitSet done, int size, long value, boolean mustObserve) {
            this.base = done.nextClearBit(0);
            this.rest = base >= size ? new long[0] : done.get(base, size).toLongArray();
            this.value = value;
            this.mustObserve = mustObserve;
            this.hash = 31 * (31 * base + Arrays.hashCode(rest)) + Long.hashCode(value) + (mustObserve ? 1 : 0);
        }

        /** Compares two states by content. */
        @Override
        public boolean equals(Object other) {
            return other instanceof StateKey key && key.base == base && key.value == value
                    && key.mustObserve == mustObserve && Arrays.equals(key.rest, rest);
        }

        /** Returns the hash computed at construction. */
        @Override
        public int hashCode() {
            return hash;
        }
    }
}
