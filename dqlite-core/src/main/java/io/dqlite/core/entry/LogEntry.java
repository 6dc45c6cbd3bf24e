package io.dqlite.core.entry;

/** One entry of the replicated log: a change to a database, or the cluster's list of spare members. */
public sealed interface LogEntry permits DatabaseEntry, SpareList {
}
