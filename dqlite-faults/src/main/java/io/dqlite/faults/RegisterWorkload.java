package io.dqlite.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads, writes and compare-and-sets ({@code UPDATE ... WHERE v = ?}, judged by its update count) on
 * a few integer registers, each recorded with its invocation and completion times and outcome. The
 * history, with reads of every key through every node at the end, must be linearizable per key.
 */
public final class RegisterWorkload implements Workload {

    /** The value every register starts with; every written value is unique and larger. */
    public static final long INITIAL = 0;

    private final int workers;
    private final int keys;
    private final RecoveryClock clock;
    private final LinearizabilityChecker checker;
    private final OperationCounts counts = new OperationCounts();
    private final AtomicLong nextValue = new AtomicLong(INITIAL + 1);
    private final AtomicLong nextOperation = new AtomicLong();
    private final Map<Long, RegisterOperation> history = new ConcurrentHashMap<>();
    private final Map<RegisterOperation, String> errors = new ConcurrentHashMap<>();
    private final long[][] lastSeen;

    /** Creates the workload with {@code workers} threads over {@code keys} registers, checked by {@code checker}. */
    public RegisterWorkload(int workers, int keys, RecoveryClock clock, LinearizabilityChecker checker) {
        this.workers = workers;
        this.keys = keys;
        this.clock = clock;
        this.checker = checker;
        this.lastSeen = new long[workers][keys];
    }

    /** Returns "register". */
    @Override
    public String name() {
        return "register";
    }

    /** Returns the number of threads operating on the registers. */
    @Override
    public int workers() {
        return workers;
    }

    /** Creates the registers with their initial value. */
    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS fault_register (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        }
        try (PreparedStatement insert = connection
                .prepareStatement("INSERT OR IGNORE INTO fault_register (k, v) VALUES (?, ?)")) {
            for (int key = 0; key < keys; key++) {
                insert.setInt(1, key);
                insert.setLong(2, INITIAL);
                insert.executeUpdate();
            }
        }
    }

    /** Reads (four times in ten), writes or compare-and-sets a random key and records the operation. */
    @Override
    public void operate(int worker, Client client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int key = random.nextInt(keys);
        int choice = random.nextInt(10);
        if (choice < 4) {
            read(worker, key, client);
        } else {
            write(worker, key, choice < 7 ? null : lastSeen[worker][key], client);
        }
    }

    private void read(int worker, int key, Client client) {
        long invokedAt = System.nanoTime();
        try {
            long value = readValue(client.connection(), key);
            RegisterOperation op = RegisterOperation.read(worker, key, value, invokedAt, System.nanoTime());
            history.put(nextOperation.getAndIncrement(), op);
            lastSeen[worker][key] = value;
            counts.count(Outcome.OK);
        } catch (SQLException e) {
            // a failed read has no effect and tells nothing, so it stays out of the history
            counts.count(Outcome.FAILED);
            client.discard();
        }
    }

    private static long readValue(Connection connection, int key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT v FROM fault_register WHERE k = ?")) {
            select.setInt(1, key);
            try (ResultSet row = select.executeQuery()) {
                // a missing row reads as a value nobody wrote, which the checker rejects
                return row.next() ? row.getLong(1) : Long.MIN_VALUE;
            }
        }
    }

    /** Writes a fresh value; with {@code expected} not null, only if the register holds it (compare-and-set). */
    private void write(int worker, int key, Long expected, Client client) {
        long value = nextValue.getAndIncrement();
        long id = nextOperation.getAndIncrement();
        long invokedAt = System.nanoTime();
        // recorded as unknown until it returns: a worker stuck at the end leaves it so
        history.put(id, operation(worker, key, expected, value, false, invokedAt, Long.MAX_VALUE, Outcome.UNKNOWN));
        Outcome outcome;
        String error = null;
        boolean applied = false;
        PreparedStatement update = null;
        try {
            String sql = expected == null ? "UPDATE fault_register SET v = ? WHERE k = ?"
                    : "UPDATE fault_register SET v = ? WHERE k = ? AND v = ?";
            update = client.connection().prepareStatement(sql);
            update.setLong(1, value);
            update.setInt(2, key);
            if (expected != null) {
                update.setLong(3, expected);
            }
            int count = update.executeUpdate();
            applied = count == 1;
            if (expected == null && !applied) {
                throw new IllegalStateException("write to key " + key + " updated " + count + " rows");
            }
            outcome = Outcome.OK;
            if (applied) {
                clock.acknowledged(invokedAt);
                lastSeen[worker][key] = value;
            }
        } catch (SQLException e) {
            outcome = Outcome.of(e);
            error = e.getClass().getSimpleName() + " (SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + "): "
                    + e.getMessage();
            client.discard();
        } finally {
            // the outcome is the execution's: a failure to finalize the statement afterwards does not undo it
            client.release(update);
        }
        RegisterOperation op = operation(worker, key, expected, value, applied, invokedAt, System.nanoTime(), outcome);
        history.put(id, op);
        if (error != null) {
            errors.put(op, error);
        }
        counts.count(outcome);
    }

    private static RegisterOperation operation(int worker, int key, Long expected, long value, boolean applied,
            long invokedAt, long completedAt, Outcome outcome) {
        return expected == null ? RegisterOperation.write(worker, key, value, invokedAt, completedAt, outcome)
                : RegisterOperation.cas(worker, key, expected, value, applied, invokedAt, completedAt, outcome);
    }

    /** Reads every key through the node, adding the reads to the history. */
    @Override
    public void readFinalState(int nodeId, Connection connection) throws SQLException {
        for (int key = 0; key < keys; key++) {
            long invokedAt = System.nanoTime();
            long value = readValue(connection, key);
            history.put(nextOperation.getAndIncrement(),
                    RegisterOperation.read(-nodeId, key, value, invokedAt, System.nanoTime()));
        }
    }

    /**
     * Returns the history of the keys that are not linearizable, one operation a line with its times in
     * seconds since {@code origin} ({@link System#nanoTime()}) and the error it failed with, or an empty string.
     */
    public String historyOfFailedKeys(long origin) {
        StringBuilder text = new StringBuilder();
        List<RegisterOperation> operations = history();
        checker.checkEachKey(operations, INITIAL).forEach((key, result) -> {
            if (!result.linearizable()) {
                text.append("key ").append(key).append(": ").append(result.explanation()).append('\n');
                for (RegisterOperation op : operations) {
                    if (op.key() == key) {
                        text.append(String.format(Locale.ROOT, "%10.3f %10s  %s%s%n",
                                (op.invokedAt() - origin) / 1e9,
                                op.outcome() == Outcome.UNKNOWN && op.completedAt() == Long.MAX_VALUE ? "?"
                                        : String.format(Locale.ROOT, "%10.3f", (op.completedAt() - origin) / 1e9),
                                op, errors.containsKey(op) ? "  " + errors.get(op) : ""));
                    }
                }
            }
        });
        return text.toString();
    }

    /** Returns the recorded history, in invocation order. */
    public List<RegisterOperation> history() {
        return history.values().stream().sorted(Comparator.comparingLong(RegisterOperation::invokedAt)).toList();
    }

    /** Checks each key's history for linearizability and counts stale reads. */
    @Override
    public Verdict verdict() {
        List<RegisterOperation> operations = history();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long violations = 0;
        long states = 0;
        for (Map.Entry<Integer, LinearizabilityChecker.Result> result : checker.checkEachKey(operations, INITIAL)
                .entrySet()) {
            states += result.getValue().states();
            if (!result.getValue().linearizable()) {
                violations++;
                problems.add("key " + result.getKey() + " is " + (result.getValue().decided() ? "not linearizable: "
                        : "undecided: ") + result.getValue().explanation());
            }
        }
        long stale = StaleReads.count(operations, INITIAL, problems);
        long finalReads = operations.stream().filter(op -> op.process() < 0).count();
        if (finalReads == 0) {
            problems.add("no final read through any node");
        }
        notes.add(operations.size() + " operations in the history over " + keys + " keys, " + finalReads
                + " of them final reads; the search visited " + states + " states");
        return new Verdict(name(), counts.operations(), counts.ok(), counts.failed(), counts.unknown(), 0, stale,
                violations, problems, notes);
    }
}
