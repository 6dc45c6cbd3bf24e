package io.dqlite.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets each fault beside the nodes' logs to explain where its recovery time went: when a node first
 * logged that it leads ("Node 3 leads the cluster in term 4"), when a node first served a database as
 * leader ("serves database ... as leader", on the first client's request), and when the first write
 * invoked after the fault was acknowledged. The logs only explain; the figures come from the clients.
 */
public final class FailoverTimeline {

    private static final Pattern LEADS = Pattern.compile("Node (\\d+) leads the cluster");
    private static final Pattern SERVES = Pattern.compile("Node (\\d+) serves database '([^']*)' as leader");

    private FailoverTimeline() {
    }

    /** One log line with its time. */
    private record Line(Instant at, String text) {
    }

    /** Returns one line per recovery: the fault's wall-clock time and the offsets of the events that followed it. */
    public static List<String> describe(List<RecoveryClock.Recovery> recoveries, Collection<Path> logs) {
        List<Line> lines = read(logs);
        List<String> described = new ArrayList<>();
        for (int i = 0; i < recoveries.size(); i++) {
            RecoveryClock.Recovery recovery = recoveries.get(i);
            Instant from = recovery.fault().wall();
            Instant until = i + 1 < recoveries.size() ? recoveries.get(i + 1).fault().wall() : Instant.MAX;
            StringBuilder text = new StringBuilder(recovery.fault().description()).append(" at ").append(from)
                    .append(": ");
            Line elected = first(lines, LEADS, from, until);
            Line serves = first(lines, SERVES, from, until);
            text.append(elected == null ? "no node took leadership"
                    : "node " + match(LEADS, elected).group(1) + " took leadership +" + offset(from, elected));
            text.append(serves == null ? ", no database served as leader"
                    : ", node " + match(SERVES, serves).group(1) + " served '" + match(SERVES, serves).group(2)
                            + "' as leader +" + offset(from, serves));
            text.append(recovery.millis() < 0 ? ", no write acknowledged"
                    : ", first acknowledged write +" + String.format(Locale.ROOT, "%,d ms", recovery.millis()));
            described.add(text.toString());
        }
        return described;
    }

    private static Matcher match(Pattern pattern, Line line) {
        Matcher matcher = pattern.matcher(line.text());
        matcher.find();
        return matcher;
    }

    private static String offset(Instant from, Line line) {
        return String.format(Locale.ROOT, "%,d ms", line.at().toEpochMilli() - from.toEpochMilli());
    }

    private static Line first(List<Line> lines, Pattern pattern, Instant from, Instant until) {
        for (Line line : lines) {
            if (!line.at().isBefore(from) && line.at().isBefore(until) && pattern.matcher(line.text()).find()) {
                return line;
            }
        }
        return null;
    }

    private static List<Line> read(Collection<Path> logs) {
        List<Line> lines = new ArrayList<>();
        for (Path log : logs) {
            try {
                for (String text : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                    if ((text.contains(" leads the cluster") || text.contains(" serves database ")) && text.length() > 24
                            && text.charAt(10) == 'T') {
                        try {
                            lines.add(new Line(Instant.parse(text.substring(0, text.indexOf(' '))), text));
                        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
                            // not a line of the node's logger
                        }
                    }
                }
            } catch (IOException e) {
                // a node that never started has no log; the timeline explains, it does not judge
            }
        }
        lines.sort((a, b) -> a.at().compareTo(b.at()));
        return lines;
    }
}
