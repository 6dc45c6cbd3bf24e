package io.dqlite.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's log as Spring Boot's console format writes it: {@code time LEVEL pid --- [app] [thread] logger : message},
 * one entry per line, with stack traces and the banner on lines of their own.
 */
final class NodeLog {

    private static final Pattern ENTRY = Pattern.compile(
            "^\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\d+\\s+---\\s+(?:\\[[^\\]]*\\]\\s+)*(\\S+)\\s+:\\s");
    /** dqlite's loggers as Spring Boot abbreviates them ({@code io.dqlite.core.Node}, {@code i.d.core...}), not the sample's. */
    private static final Pattern DQLITE_LOGGER = Pattern.compile("^(io|i)\\.(dqlite|d)\\.(?!samples\\.).*");

    private final Path file;

    NodeLog(Path file) {
        this.file = file;
    }

    /** Returns every line written so far. */
    List<String> lines() throws IOException {
        return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    }

    /** Returns the lines written after the first {@code count}. */
    List<String> linesAfter(int count) throws IOException {
        List<String> lines = lines();
        return lines.subList(Math.min(count, lines.size()), lines.size());
    }

    /** Tells whether {@code line} starts an entry at WARN or ERROR. */
    static boolean warningOrError(String line) {
        Matcher entry = ENTRY.matcher(line);
        return entry.find() && (entry.group(1).equals("WARN") || entry.group(1).equals("ERROR"));
    }

    /** Tells whether {@code line} starts an entry of one of dqlite's own loggers. */
    static boolean fromDqlite(String line) {
        Matcher entry = ENTRY.matcher(line);
        return entry.find() && DQLITE_LOGGER.matcher(entry.group(2)).matches();
    }
}
