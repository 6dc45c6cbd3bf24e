/** One dqlite node as a program of its own, configured by flags or environment variables. */
package io.dqlite.standalone;
