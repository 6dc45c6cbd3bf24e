package io.dqlite.jdbc.protocol;

/** One file of a database dump: its name and its bytes. */
public record DumpFile(String name, byte[] content) {
}
