package io.dqlite.faults;

import java.util.List;

/**
 * What a workload's checker concluded.
 *
 * @param workload the workload's name
 * @param operations operations that ended
 * @param acknowledged operations acknowledged
 * @param failed operations that failed definitely
 * @param unknown operations whose outcome is unknown
 * @param lost acknowledged writes missing from a final read
 * @param staleReads reads that returned a value older than one already acknowledged before they began
 * @param violations everything else the checker found wrong (phantoms, wrong totals, non-linearizable keys)
 * @param problems a description of each problem found, the first ones only
 * @param notes other facts worth printing, such as how unknown outcomes resolved
 */
public record Verdict(String workload, long operations, long acknowledged, long failed, long unknown, long lost,
        long staleReads, long violations, List<String> problems, List<String> notes) {

    /** Makes the lists unmodifiable. */
    public Verdict {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** Tells whether the checker found nothing wrong. */
    public boolean passed() {
        return lost == 0 && staleReads == 0 && violations == 0 && problems.isEmpty();
    }
}
