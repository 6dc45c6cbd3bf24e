package io.dqlite.faults;

/**
 * One operation on one key of a register, as a history records it.
 *
 * @param process the worker that ran it (final reads use negative numbers)
 * @param key the register's key
 * @param kind read, write or compare-and-set
 * @param value the value written (write, compare-and-set) or read (read)
 * @param expected the value a compare-and-set expected; unused otherwise
 * @param applied for an acknowledged compare-and-set, whether it changed the value
 * @param invokedAt when the client sent it, in {@link System#nanoTime()}
 * @param completedAt when the client got the answer; ignored when the outcome is unknown
 * @param outcome how it ended
 */
public record RegisterOperation(int process, int key, Kind kind, long value, long expected, boolean applied,
        long invokedAt, long completedAt, Outcome outcome) {

    /** What an operation does. */
    public enum Kind {

        /** Reads the value. */
        READ,

        /** Sets the value. */
        WRITE,

        /** Sets the value if it equals the expected one. */
        CAS
    }

    /** Returns a read of {@code key} that returned {@code value}. */
    public static RegisterOperation read(int process, int key, long value, long invokedAt, long completedAt) {
        return new RegisterOperation(process, key, Kind.READ, value, 0, false, invokedAt, completedAt, Outcome.OK);
    }

    /** Returns a write of {@code value} to {@code key}. */
    public static RegisterOperation write(int process, int key, long value, long invokedAt, long completedAt,
            Outcome outcome) {
        return new RegisterOperation(process, key, Kind.WRITE, value, 0, false, invokedAt, completedAt, outcome);
    }

    /** Returns a compare-and-set of {@code key} from {@code expected} to {@code value}; {@code applied} when acknowledged. */
    public static RegisterOperation cas(int process, int key, long expected, long value, boolean applied,
            long invokedAt, long completedAt, Outcome outcome) {
        return new RegisterOperation(process, key, Kind.CAS, value, expected, applied, invokedAt, completedAt, outcome);
    }

    /** Tells whether the operation changed (or, with an unknown outcome, may have changed) the value to {@link #value}. */
    public boolean mayHaveWritten() {
        return outcome != Outcome.FAILED && (kind == Kind.WRITE || (kind == Kind.CAS && (applied || outcome == Outcome.UNKNOWN)));
    }

    /** Describes the operation for failure messages, with times in ms. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case READ -> "read -> " + value;
            case WRITE -> "write " + value;
            case CAS -> "cas " + expected + " -> " + value + (outcome == Outcome.OK ? (applied ? " (applied)" : " (not applied)") : "");
        };
        return "[p" + process + " key " + key + " " + what + " " + outcome + " @" + invokedAt / 1_000_000 + ".."
                + (outcome == Outcome.UNKNOWN ? "?" : String.valueOf(completedAt / 1_000_000)) + " ms]";
    }
}
