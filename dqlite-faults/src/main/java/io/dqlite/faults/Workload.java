package io.dqlite.faults;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A workload: its schema, one operation at a time per worker while faults are injected, reads of
 * the final state through each node, and a checker's verdict on everything it saw.
 */
public interface Workload {

    /** Returns the workload's name, as the figures print it. */
    String name();

    /** Returns how many worker threads it wants. */
    int workers();

    /** Creates the workload's tables and initial rows; runs once, before any worker, and may be retried. */
    void prepare(Connection connection) throws SQLException;

    /** Runs one operation for {@code worker} through {@code client}, recording its outcome. */
    void operate(int worker, Client client) throws InterruptedException;

    /** Reads the final state through node {@code nodeId}'s connection once the workers have stopped. */
    void readFinalState(int nodeId, Connection connection) throws SQLException;

    /** Checks the history and final reads and returns the verdict. */
    Verdict verdict();
}
