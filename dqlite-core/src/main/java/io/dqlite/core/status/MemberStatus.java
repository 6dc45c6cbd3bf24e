package io.dqlite.core.status;

/**
 * One member of the cluster as this node sees it.
 *
 * @param id the member's node id
 * @param address the member's wire address (host:port), where clients connect
 * @param raftAddress the member's Raft address (host:port)
 * @param role whether the member votes, only follows, or neither
 * @param leader whether the member is the leader this node knows of
 * @param matchIndex the highest log index known to be replicated on the member; -1 unless this node leads
 * @param lastContactMillis milliseconds since the member last answered this leader; -1 unless this node leads
 */
public record MemberStatus(String id, String address, String raftAddress, MemberRole role, boolean leader,
        long matchIndex, long lastContactMillis) {
}
