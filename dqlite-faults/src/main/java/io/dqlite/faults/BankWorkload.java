package io.dqlite.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transfers between accounts in explicit transactions, and reads of the total both in autocommit
 * and inside read-only transactions ({@code BEGIN; SELECT ...; COMMIT}). Every read, during the run
 * and through every node at the end, must see all the accounts and the fixed total.
 */
public final class BankWorkload implements Workload {

    private static final String TOTAL = "SELECT count(*), sum(balance) FROM fault_bank";

    private final int workers;
    private final int accounts;
    private final long initialBalance;
    private final RecoveryClock clock;
    private final OperationCounts counts = new OperationCounts();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong wrongReads = new AtomicLong();
    private final List<String> problems = new ArrayList<>();
    private final List<String> finalReads = new ArrayList<>();

    /** Creates the workload with {@code workers} threads over {@code accounts} accounts of {@code initialBalance} each. */
    public BankWorkload(int workers, int accounts, long initialBalance, RecoveryClock clock) {
        this.workers = workers;
        this.accounts = accounts;
        this.initialBalance = initialBalance;
        this.clock = clock;
    }

    /** Returns "bank". */
    @Override
    public String name() {
        return "bank";
    }

    /** Returns the number of threads that transfer and read. */
    @Override
    public int workers() {
        return workers;
    }

    private long total() {
        return accounts * initialBalance;
    }

    /** Creates the accounts with their initial balances. */
    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS fault_bank (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
        }
        try (PreparedStatement insert = connection
                .prepareStatement("INSERT OR IGNORE INTO fault_bank (id, balance) VALUES (?, ?)")) {
            for (int account = 0; account < accounts; account++) {
                insert.setInt(1, account);
                insert.setLong(2, initialBalance);
                insert.executeUpdate();
            }
        }
    }

    /** Transfers between two accounts (six times in ten) or reads the total, in autocommit or in a read-only transaction. */
    @Override
    public void operate(int worker, Client client) {
        int choice = ThreadLocalRandom.current().nextInt(10);
        if (choice < 6) {
            transfer(client);
        } else {
            read(client, choice < 8);
        }
    }

    private void transfer(Client client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(accounts);
        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
        long amount = 1 + random.nextInt(5);
        Outcome outcome;
        Connection connection = null;
        long invokedAt = System.nanoTime();
        try {
            connection = client.connection();
            connection.setAutoCommit(false);
            long balance;
            try (PreparedStatement select = connection.prepareStatement("SELECT balance FROM fault_bank WHERE id = ?")) {
                select.setInt(1, from);
                try (ResultSet row = select.executeQuery()) {
                    balance = row.next() ? row.getLong(1) : 0;
                }
            }
            boolean moves = balance >= amount;
            if (moves) {
                move(connection, from, -amount);
                move(connection, to, amount);
            }
            connection.commit();
            connection.setAutoCommit(true);
            outcome = Outcome.OK;
            if (moves) {
                clock.acknowledged(invokedAt);
            }
        } catch (SQLException e) {
            outcome = Outcome.of(e);
            client.discard();
        }
        counts.count(outcome);
    }

    private static void move(Connection connection, int account, long amount) throws SQLException {
        try (PreparedStatement update = connection
                .prepareStatement("UPDATE fault_bank SET balance = balance + ? WHERE id = ?")) {
            update.setLong(1, amount);
            update.setInt(2, account);
            if (update.executeUpdate() != 1) {
                throw new SQLException("account " + account + " is missing");
            }
        }
    }

    private void read(Client client, boolean autocommit) {
        try {
            Connection connection = client.connection();
            try (Statement statement = connection.createStatement()) {
                if (!autocommit) {
                    statement.execute("BEGIN");
                }
                try (ResultSet row = statement.executeQuery(TOTAL)) {
                    row.next();
                    check((autocommit ? "autocommit" : "read-only transaction") + " read", row.getLong(1), row.getLong(2));
                }
                if (!autocommit) {
                    statement.execute("COMMIT");
                }
            }
            counts.count(Outcome.OK);
        } catch (SQLException e) {
            // a read has no effect, whatever its error says
            counts.count(Outcome.FAILED);
            client.discard();
        }
    }

    private void check(String what, long count, long sum) {
        reads.incrementAndGet();
        if (count != accounts || sum != total()) {
            wrongReads.incrementAndGet();
            synchronized (problems) {
                SetWorkload.report(problems, what + " saw " + count + " accounts holding " + sum + ", expected "
                        + accounts + " holding " + total());
            }
        }
    }

    /** Reads and checks the total through the node. */
    @Override
    public void readFinalState(int nodeId, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(TOTAL)) {
            row.next();
            check("final read through node " + nodeId, row.getLong(1), row.getLong(2));
            synchronized (problems) {
                finalReads.add("node " + nodeId + ": " + row.getLong(2));
            }
        }
    }

    /** Reports every read that saw the wrong accounts or total. */
    @Override
    public Verdict verdict() {
        synchronized (problems) {
            List<String> notes = List.of(reads.get() + " total reads checked (" + finalReads.size()
                    + " final: " + String.join(", ", finalReads) + ")");
            List<String> found = new ArrayList<>(problems);
            if (finalReads.isEmpty()) {
                found.add("no final read through any node");
            }
            return new Verdict(name(), counts.operations(), counts.ok(), counts.failed(), counts.unknown(), 0, 0,
                    wrongReads.get(), found, notes);
        }
    }
}
