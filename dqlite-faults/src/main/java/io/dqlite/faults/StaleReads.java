package io.dqlite.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts stale reads in a register history: a read that returned a value v although another write
 * was acknowledged before the read began and itself began after v's write had been acknowledged.
 * A cheap, explainable symptom; the linearizability search is the full check.
 */
public final class StaleReads {

    private StaleReads() {
    }

    /** Returns how many acknowledged reads were stale, adding a description of the first ones to {@code problems}. */
    public static long count(List<RegisterOperation> history, long initialValue, List<String> problems) {
        Map<Integer, List<RegisterOperation>> byKey = history.stream()
                .collect(Collectors.groupingBy(RegisterOperation::key));
        long stale = 0;
        for (List<RegisterOperation> operations : byKey.values()) {
            Map<Long, RegisterOperation> writerOf = new HashMap<>();
            List<RegisterOperation> acknowledgedWrites = operations.stream()
                    .filter(op -> op.outcome() == Outcome.OK && op.mayHaveWritten()).toList();
            for (RegisterOperation op : operations) {
                if (op.mayHaveWritten()) {
                    writerOf.put(op.value(), op);
                }
            }
            for (RegisterOperation read : operations) {
                if (read.kind() != RegisterOperation.Kind.READ || read.outcome() != Outcome.OK) {
                    continue;
                }
                RegisterOperation source = writerOf.get(read.value());
                // the initial value was "written" before everything; an unknown write has no completion
                long sourceDone = read.value() == initialValue ? Long.MIN_VALUE
                        : source == null || source.outcome() != Outcome.OK ? Long.MAX_VALUE : source.completedAt();
                for (RegisterOperation newer : acknowledgedWrites) {
                    if (newer != source && newer.invokedAt() > sourceDone && newer.completedAt() < read.invokedAt()) {
                        stale++;
                        SetWorkload.report(problems, "stale read " + read + ": " + newer + " was acknowledged before it began");
                        break;
                    }
                }
            }
        }
        return stale;
    }
}
