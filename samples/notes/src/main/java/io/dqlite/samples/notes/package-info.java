/** The notes sample: a REST application keeping notes in a replicated dqlite database. */
package io.dqlite.samples.notes;
