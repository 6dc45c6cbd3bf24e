/** Auto-configuration of the dqlite health indicator. */
package io.dqlite.spring.autoconfigure.health;
