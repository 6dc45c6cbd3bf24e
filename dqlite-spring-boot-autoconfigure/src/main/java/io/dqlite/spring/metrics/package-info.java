/** Micrometer meters of an embedded dqlite node. */
package io.dqlite.spring.metrics;
