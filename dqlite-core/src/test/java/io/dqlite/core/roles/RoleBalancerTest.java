package io.dqlite.core.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.NodeRole;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The balancer's decisions, from the leader's view: promote while voters are missing, then shed extra voters; keep
 * the standbys with the spares that answer.
 */
class RoleBalancerTest {

    private final RoleBalancer balancer = new RoleBalancer(new RoleTargets(3, 2, Duration.ofSeconds(5)));

    @Test
    void aClusterAtItsTargetsIsLeftAlone() {
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 100, 40), standby("4", 100, 40)))).isEmpty();
    }

    @Test
    void aLostVoterIsReplacedByTheMostCaughtUpStandbyThatAnswers() {
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000), standby("4", 80, 40), standby("5", 99, 40), standby("6", 100, -1))))
                .contains(new RoleChange.Promote("5"));
    }

    @Test
    void onceReplacedTheLostVoterBecomesASpare() {
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000), voter("5", false, 100, 40), standby("6", 100, 40),
                standby("7", 100, 40)))).contains(new RoleChange.Retire("3"));
    }

    @Test
    void aLostVoterStaysWhileTooFewVotersAnswer() {
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000), voter("4", false, 90, 9_000)))).isEmpty();
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000)))).isEmpty();
    }

    @Test
    void extraVotersThatAllAnswerLoseTheVoterFurthestBehindButNeverTheLeader() {
        assertThat(next(Set.of(), leaderView(voter("1", true, 10, 0), voter("2", false, 100, 40),
                voter("3", false, 70, 40), voter("4", false, 90, 40), voter("5", false, 100, 40))))
                .contains(new RoleChange.Demote("3"));
    }

    @Test
    void aVoterThatWasJustMadeAStandbyOnRequestIsNotPromotedBack() {
        assertThat(next(Set.of("3"), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                standby("3", 100, 40), standby("4", 90, 40)))).contains(new RoleChange.Promote("4"));
    }

    @Test
    void votersAreSpreadAcrossFailureDomains() {
        Map<String, Long> domains = Map.of("1", 1L, "2", 1L, "3", 2L, "4", 1L, "5", 3L);
        // voter 3 of domain 2 is lost: standby 5 of domain 3, where no voter is, goes before the more caught-up 4
        assertThat(balancer.next(leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000), standby("4", 100, 40), standby("5", 90, 40)), Set.of(), domains))
                .contains(new RoleChange.Promote("5"));
        // one voter too many: voter 2, which shares domain 1 with the leader, goes before the laggier 3
        assertThat(balancer.next(leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 80, 40), voter("5", false, 90, 40)), Set.of(), domains))
                .contains(new RoleChange.Demote("2"));
    }

    @Test
    void aSpareThatAnswersIsMadeAStandbyWhenVotersOrStandbysAreMissing() {
        // a lost voter and no standby: the spare that answers becomes a standby (promoted once it has the log)
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000), spare("4", -1), spare("5", 0)))).contains(new RoleChange.Enlist("5"));
        // three voters and one standby of two
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 100, 40), standby("4", 100, 40), spare("5", 0)))).contains(new RoleChange.Enlist("5"));
        // a spare that does not answer is left alone
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 100, 40), standby("4", 100, 40), spare("5", -1)))).isEmpty();
    }

    @Test
    void aLostStandbyBecomesASpareFirstAndExtraStandbysBecomeSpares() {
        // a lost standby goes first, even before a missing voter is replaced: Ratis stalls adding any member while a
        // standby it added does not answer
        assertThat(next(Set.of("5"), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 90, 9_000), standby("4", 100, 40), standby("5", 90, 9_000), spare("6", 0))))
                .contains(new RoleChange.Retire("5"));
        // a standby not heard from yet is not lost
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 100, 40), standby("4", 100, 40), standby("5", 0, -1)))).isEmpty();
        // one standby too many: the one furthest behind, unless it was just made a standby on request
        assertThat(next(Set.of(), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 100, 40), standby("4", 100, 40), standby("5", 90, 40), standby("6", 95, 40))))
                .contains(new RoleChange.Retire("5"));
        assertThat(next(Set.of("5"), leaderView(voter("1", true, 100, 0), voter("2", false, 100, 40),
                voter("3", false, 100, 40), standby("4", 100, 40), standby("5", 90, 40), standby("6", 95, 40))))
                .contains(new RoleChange.Retire("6"));
    }

    private java.util.Optional<RoleChange> next(Set<String> keepStandby, NodeStatus leader) {
        return balancer.next(leader, keepStandby, Map.of());
    }

    private static NodeStatus leaderView(MemberStatus... members) {
        return new NodeStatus("1", "00000000-0000-0000-0000-000000000001", null, NodeRole.LEADER, 2, "1", 100, 100,
                List.of(members), null, List.of());
    }

    private static MemberStatus voter(String id, boolean leader, long matchIndex, long lastContactMillis) {
        return new MemberStatus(id, "127.0.0.1:900" + id, "127.0.0.1:910" + id, MemberRole.VOTER, leader, matchIndex,
                lastContactMillis);
    }

    private static MemberStatus standby(String id, long matchIndex, long lastContactMillis) {
        return new MemberStatus(id, "127.0.0.1:900" + id, "127.0.0.1:910" + id, MemberRole.STANDBY, false, matchIndex,
                lastContactMillis);
    }

    private static MemberStatus spare(String id, long lastContactMillis) {
        return new MemberStatus(id, "127.0.0.1:900" + id, "127.0.0.1:910" + id, MemberRole.SPARE, false, -1,
                lastContactMillis);
    }
}
