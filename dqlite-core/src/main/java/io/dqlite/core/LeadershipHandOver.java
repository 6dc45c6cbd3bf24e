package io.dqlite.core;

import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a stopping leader's leadership to the most caught-up voter that answered within an election timeout,
 * if the voters that answered make a majority without this node, giving up as soon as that voter stops
 * answering too (in a full shutdown every node stops at once); steps down when no one takes over, since a
 * leader left without a majority would otherwise linger until Ratis notices it lost its followers.
 */
final class LeadershipHandOver {

    private static final long POLL_MILLIS = 20;

    private final String nodeId;
    private final RaftServer server;
    private final RaftGroupId groupId;
    private final Supplier<NodeStatus> status;
    private final Duration liveWithin;
    private final ClientId clientId = ClientId.randomId();

    /**
     * Creates the hand-over of node {@code nodeId}, whose Raft server is {@code server}.
     *
     * @param liveWithin how recently a peer must have answered to be handed leadership
     */
    LeadershipHandOver(String nodeId, RaftServer server, RaftGroupId groupId, Supplier<NodeStatus> status,
            Duration liveWithin) {
        this.nodeId = nodeId;
        this.server = server;
        this.groupId = groupId;
        this.status = status;
        this.liveWithin = liveWithin;
    }

    /**
     * Hands leadership over, waiting at most {@code timeout} for the successor, or steps down; returns what
     * happened in a sentence, or empty when this node does not lead.
     */
    Optional<String> run(Duration timeout) throws InterruptedException {
        NodeStatus before = status.get();
        if (before.role() != NodeRole.LEADER) {
            return Optional.empty();
        }
        List<MemberStatus> voters = voters(before);
        if (voters.size() == 1) {
            return Optional.empty();
        }
        int majority = majority(voters);
        List<MemberStatus> answering = awaitAnswers(majority, timeout.compareTo(liveWithin) < 0 ? timeout : liveWithin);
        if (answering.size() < majority) {
            // a successor without a majority would only lose its leadership again, with Ratis warning of it
            stepDown(timeout);
            return Optional.of("Node " + nodeId + " stops as leader without handing over: " + answering.size()
                    + " of the other " + (voters.size() - 1) + " voters answered in the last " + liveWithin.toMillis()
                    + " ms, and a leader needs " + majority + " (the others are stopping or down)");
        }
        String successorId = answering.stream().max(Comparator.comparingLong(MemberStatus::matchIndex))
                .orElseThrow().id();
        long started = System.nanoTime();
        Transfer transfer = transfer(successorId, majority, timeout);
        if (transfer.failure() == null) {
            return Optional.of("Node " + nodeId + " handed leadership to node " + transfer.leader() + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        stepDown(timeout);
        return Optional.of("Node " + nodeId + " stops as leader without handing over: node " + successorId + " "
                + transfer.failure());
    }

    /**
     * Returns the peers that answered within an election timeout, waiting at most {@code patience} for
     * {@code majority} of them: a leader elected a moment ago has not heard from its followers yet.
     */
    private List<MemberStatus> awaitAnswers(int majority, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<MemberStatus> answering = answeringPeers(voters(status.get()));
        while (answering.size() < majority && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            answering = answeringPeers(voters(status.get()));
        }
        return answering;
    }

    /** How a transfer ended: the node that leads now, or why no other node does. */
    private record Transfer(String leader, String failure) {
    }

    /**
     * Asks Ratis to transfer leadership to {@code successorId}, again while Ratis refuses (a leader not ready
     * yet, a membership change under way), until another node leads, or the successor or a majority of peers stop
     * answering, or {@code timeout} ends.
     */
    private Transfer transfer(String successorId, int majority, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String failure = "did not take over within " + timeout.toMillis() + " ms";
        CompletableFuture<RaftClientReply> reply = null;
        for (long call = 1; System.nanoTime() < deadline; Thread.sleep(POLL_MILLIS)) {
            NodeStatus now = status.get();
            if (now.leaderId() != null && !now.leaderId().equals(nodeId)) {
                return new Transfer(now.leaderId(), null);
            }
            if (now.role() != NodeRole.LEADER) {
                // stepped down for the successor's election, which is under way
                continue;
            }
            List<MemberStatus> answering = answeringPeers(voters(now));
            if (answering.stream().noneMatch(peer -> peer.id().equals(successorId))) {
                return new Transfer(null, "stopped answering (it is stopping too)");
            }
            if (answering.size() < majority) {
                return new Transfer(null,
                        "would lead without a majority: the other voters stopped answering (they are stopping too)");
            }
            if (reply != null && reply.isDone()) {
                failure = "did not take over: " + outcome(reply);
                reply = null;
            }
            if (reply == null) {
                try {
                    reply = server.transferLeadershipAsync(new TransferLeadershipRequest(clientId,
                            RaftPeerId.valueOf(nodeId), groupId, call++, RaftPeerId.valueOf(successorId),
                            Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (IOException e) {
                    return new Transfer(null, "could not be asked to take over: " + e.getMessage());
                }
            }
        }
        return new Transfer(null, failure);
    }

    private static List<MemberStatus> voters(NodeStatus status) {
        return status.members().stream().filter(member -> member.role() == MemberRole.VOTER).toList();
    }

    private static int majority(List<MemberStatus> voters) {
        return voters.size() / 2 + 1;
    }

    /** Returns the voters other than this node that answered within an election timeout. */
    private List<MemberStatus> answeringPeers(List<MemberStatus> voters) {
        return voters.stream().filter(member -> !member.id().equals(nodeId)).filter(this::answering).toList();
    }

    private boolean answering(MemberStatus member) {
        return member.lastContactMillis() >= 0 && member.lastContactMillis() < liveWithin.toMillis();
    }

    /** Makes this node a follower now, if it still leads, so that it does not lead on without a majority. */
    private void stepDown(Duration timeout) throws InterruptedException {
        if (status.get().role() != NodeRole.LEADER) {
            return;
        }
        try {
            server.transferLeadershipAsync(new TransferLeadershipRequest(clientId, RaftPeerId.valueOf(nodeId),
                    groupId, 0, null, timeout.toMillis())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            // the node closes right after; stepping down only spares its peers a leader that lingers
        }
    }

    private static String outcome(CompletableFuture<RaftClientReply> reply) {
        try {
            RaftClientReply answer = reply.join();
            return answer.isSuccess() ? "Ratis reported success, yet this node still leads"
                    : answer.getException() == null ? "no reason given" : answer.getException().getMessage();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
