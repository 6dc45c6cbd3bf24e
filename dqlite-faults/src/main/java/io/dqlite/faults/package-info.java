/**
 * A process-level fault suite: the notes sample's jar run as separate JVMs, faults injected into
 * those processes (and their network namespaces), workloads driven through the {@code jdbc:dqlite:}
 * driver, and checkers that decide from the workloads' histories whether anything was lost,
 * invented or read out of order.
 */
package io.dqlite.faults;
