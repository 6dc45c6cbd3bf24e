package io.dqlite.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unique inserts. Checked at the end through every node: each acknowledged insert is present, no
 * insert that failed definitely is, nothing that was never inserted is, and every node reads the
 * same set; inserts with unknown outcomes may be either, and are counted.
 */
public final class SetWorkload implements Workload {

    private static final long IDS_PER_WORKER = 1_000_000_000L;

    private final int workers;
    private final RecoveryClock clock;
    private final OperationCounts counts = new OperationCounts();
    private final Map<Long, Outcome> attempts = new ConcurrentHashMap<>();
    private final long[] nextSequence;
    private final Map<Integer, Set<Long>> finalReads = new TreeMap<>();

    /** Creates the workload with {@code workers} inserting threads, reporting acknowledged inserts to {@code clock}. */
    public SetWorkload(int workers, RecoveryClock clock) {
        this.workers = workers;
        this.clock = clock;
        this.nextSequence = new long[workers];
    }

    /** Returns "set". */
    @Override
    public String name() {
        return "set";
    }

    /** Returns the number of inserting threads. */
    @Override
    public int workers() {
        return workers;
    }

    /** Creates the table of inserted ids. */
    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS fault_set (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL)");
        }
    }

    /** Inserts the worker's next id and records the outcome. */
    @Override
    public void operate(int worker, Client client) {
        long id = worker * IDS_PER_WORKER + nextSequence[worker]++;
        attempts.put(id, Outcome.UNKNOWN);
        Outcome outcome;
        long invokedAt = System.nanoTime();
        PreparedStatement insert = null;
        try {
            insert = client.connection().prepareStatement("INSERT INTO fault_set (id, worker) VALUES (?, ?)");
            insert.setLong(1, id);
            insert.setInt(2, worker);
            insert.executeUpdate();
            outcome = Outcome.OK;
            clock.acknowledged(invokedAt);
        } catch (SQLException e) {
            outcome = Outcome.of(e);
            client.discard();
        } finally {
            // the outcome is the execution's: a failure to finalize the statement afterwards does not undo it
            client.release(insert);
        }
        attempts.put(id, outcome);
        counts.count(outcome);
    }

    /** Reads every id present through the node. */
    @Override
    public void readFinalState(int nodeId, Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM fault_set")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        synchronized (finalReads) {
            finalReads.put(nodeId, ids);
        }
    }

    /** Compares every node's final ids with the outcomes of the inserts. */
    @Override
    public synchronized Verdict verdict() {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<Long> lost = new HashSet<>();
        long violations = 0;
        Set<Long> reference = null;
        for (Map.Entry<Integer, Set<Long>> read : finalReads.entrySet()) {
            Set<Long> ids = read.getValue();
            int node = read.getKey();
            for (Map.Entry<Long, Outcome> attempt : attempts.entrySet()) {
                boolean present = ids.contains(attempt.getKey());
                if (attempt.getValue() == Outcome.OK && !present) {
                    lost.add(attempt.getKey());
                    report(problems, "acknowledged insert " + attempt.getKey() + " is missing through node " + node);
                } else if (attempt.getValue() == Outcome.FAILED && present) {
                    violations++;
                    report(problems, "insert " + attempt.getKey() + " failed definitely but is present through node " + node);
                }
            }
            for (long id : ids) {
                if (!attempts.containsKey(id)) {
                    violations++;
                    report(problems, "id " + id + " was never inserted but is present through node " + node);
                }
            }
            if (reference != null && !reference.equals(ids)) {
                violations++;
                report(problems, "node " + node + " reads " + ids.size() + " ids, the first node read " + reference.size());
            }
            reference = reference == null ? ids : reference;
        }
        if (finalReads.isEmpty()) {
            problems.add("no final read through any node");
        }
        if (reference != null) {
            Set<Long> finalIds = reference;
            long unknownPresent = attempts.entrySet().stream()
                    .filter(a -> a.getValue() == Outcome.UNKNOWN && finalIds.contains(a.getKey())).count();
            notes.add("unknown outcomes: " + unknownPresent + " took effect, " + (counts.unknown() - unknownPresent)
                    + " did not; final reads through nodes " + finalReads.keySet() + ", " + finalIds.size() + " ids");
        }
        return new Verdict(name(), counts.operations(), counts.ok(), counts.failed(), counts.unknown(), lost.size(), 0,
                violations, problems, notes);
    }

    static void report(List<String> problems, String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }
}
