package io.dqlite.core.entry;

/**
 * An entry of the replicated log that changes one database: a part of a committed transaction's pages, or the abort
 * of a transaction whose parts will not all arrive.
 */
public sealed interface DatabaseEntry extends LogEntry permits TransactionPart, TransactionAbort {

    /** Returns the name of the database the entry belongs to. */
    String database();

    /** Returns the leader-assigned id that ties the parts of one transaction together. */
    long transactionId();
}
