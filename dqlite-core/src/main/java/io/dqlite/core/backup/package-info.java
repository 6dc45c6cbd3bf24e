/** Loading a backup file into a replicated database. */
package io.dqlite.core.backup;
