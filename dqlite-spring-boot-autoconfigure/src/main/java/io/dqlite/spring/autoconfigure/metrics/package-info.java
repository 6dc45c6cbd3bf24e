/** Auto-configuration of the dqlite node's Micrometer meters. */
package io.dqlite.spring.autoconfigure.metrics;
