package io.dqlite.core.status;

/**
 * One database of the cluster as applied on this node.
 *
 * @param name the database's name
 * @param sizeBytes the size of its applied file
 */
public record DatabaseStatus(String name, long sizeBytes) {
}
