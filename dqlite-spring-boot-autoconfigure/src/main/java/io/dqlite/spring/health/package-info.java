/** Health of an embedded dqlite node. */
package io.dqlite.spring.health;
