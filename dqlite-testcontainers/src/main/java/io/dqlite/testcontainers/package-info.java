/** Testcontainers for a dqlite node of the standalone image and for a cluster of them. */
package io.dqlite.testcontainers;
