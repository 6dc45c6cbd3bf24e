/** Auto-configuration of an embedded dqlite node, its properties and lifecycle. */
package io.dqlite.spring.autoconfigure;
