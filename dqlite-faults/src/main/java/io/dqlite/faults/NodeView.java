package io.dqlite.faults;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's answer at {@code /actuator/dqlite}: its role, the leader it knows and its Raft term.
 *
 * @param role the node's Raft role as the endpoint names it ("leader", "follower", ...)
 * @param leaderId the id of the leader the node knows, or null
 * @param term the node's current Raft term, or -1 when the answer has none
 */
public record NodeView(String role, String leaderId, long term) {

    private static final Pattern ROLE = Pattern.compile("\"role\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NUMBER = Pattern.compile("\\s*:\\s*(-?\\d+)");

    /** Reads the view from the endpoint's JSON; the first "role" is the node's own, members' roles come later. */
    public static NodeView parse(String json) {
        Matcher role = ROLE.matcher(json);
        Matcher leader = LEADER.matcher(json);
        return new NodeView(role.find() ? role.group(1) : "unknown", leader.find() ? leader.group(1) : null,
                topLevelNumber(json, "term"));
    }

    /**
     * Returns the number under {@code key} in the outermost object of {@code json}, or -1: the snapshot
     * nested in the answer has a "term" of its own, which must not be taken for the node's.
     */
    static long topLevelNumber(String json, String key) {
        String quoted = "\"" + key + "\"";
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == '"') {
                if (depth == 1 && json.startsWith(quoted, i)) {
                    Matcher number = NUMBER.matcher(json).region(i + quoted.length(), json.length());
                    if (number.lookingAt()) {
                        return Long.parseLong(number.group(1));
                    }
                }
                inString = true;
            }
        }
        return -1;
    }

    /** Tells whether the node says it leads. */
    public boolean leads() {
        return "leader".equals(role);
    }
}
