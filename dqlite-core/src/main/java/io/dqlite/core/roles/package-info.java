/** Automatic roles: the leader keeps a target number of voters and standbys as members come and go. */
package io.dqlite.core.roles;
