package io.dqlite.testcontainers;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The variables a container's entry point waits for before it starts the node: the node's id, every member
 * with the address clients reach it at (a published port) and its Raft address, and where to listen.
 *
 * @param nodeId the id of the node the file is for
 * @param members every member of the cluster, that node included
 */
record StartFile(String nodeId, List<Member> members) {

    /**
     * One member as the start file lists it.
     *
     * @param id the member's id
     * @param clientAddress host:port clients reach the member's wire-protocol server at
     * @param raftAddress host:port the other members reach its Raft server at
     */
    record Member(String id, String clientAddress, String raftAddress) {
    }

    /** Returns the file's text: shell assignments, the last of them the line the entry point waits for. */
    String text() {
        String memberList = members.stream().map(member -> member.id() + "=" + member.clientAddress() + "/" + member.raftAddress())
                .collect(Collectors.joining(","));
        return assignment("DQLITE_NODE_ID", nodeId)
                + assignment("DQLITE_MEMBERS", memberList)
                + assignment("DQLITE_BIND_ADDRESS", "0.0.0.0:" + DqliteContainer.WIRE_PORT)
                + "DQLITE_START_FILE_COMPLETE=1\n";
    }

    private static String assignment(String variable, String value) {
        if (value.contains("'")) {
            throw new IllegalArgumentException(variable + " cannot hold a quote: " + value);
        }
        return variable + "='" + value + "'\n";
    }
}
