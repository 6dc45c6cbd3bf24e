package io.dqlite.faults;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's answer at {@code /actuator/dqlite}: its role and the leader it knows.
 *
 * @param role the node's Raft role as the endpoint names it ("leader", "follower", ...)
 * @param leaderId the id of the leader the node knows, or null
 */
public record NodeView(String role, String leaderId) {

    private static final Pattern ROLE = Pattern.compile("\"role\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]*)\"");

    /** Reads the view from the endpoint's JSON; the first "role" is the node's own, members' roles come later. */
    public static NodeView parse(String json) {
        Matcher role = ROLE.matcher(json);
        Matcher leader = LEADER.matcher(json);
        return new NodeView(role.find() ? role.group(1) : "unknown", leader.find() ? leader.group(1) : null);
    }

    /** Tells whether the node says it leads. */
    public boolean leads() {
        return "leader".equals(role);
    }
}
