package io.dqlite.core.entry;

/**
 * Tells followers to discard the parts they hold of a transaction that will not complete.
 *
 * @param database the name of the database the transaction wrote
 * @param transactionId the id of the abandoned transaction
 */
public record TransactionAbort(String database, long transactionId) implements DatabaseEntry {

    public TransactionAbort {
        EntryNames.check(database);
    }
}
