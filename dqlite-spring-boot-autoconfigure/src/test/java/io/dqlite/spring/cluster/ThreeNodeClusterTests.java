package io.dqlite.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.dqlite.core.Node;
import io.dqlite.spring.actuate.DqliteDescriptor;
import io.dqlite.spring.actuate.DqliteDescriptor.MemberDescriptor;
import io.dqlite.spring.actuate.DqliteEndpoint;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import io.dqlite.spring.autoconfigure.actuate.DqliteEndpointAutoConfiguration;
import io.dqlite.spring.autoconfigure.health.DqliteHealthContributorAutoConfiguration;
import io.dqlite.spring.health.DqliteHealthIndicator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Three application contexts in one JVM forming one cluster, inspected through their endpoint and health beans. */
class ThreeNodeClusterTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final Map<String, AnnotationConfigApplicationContext> contexts = new LinkedHashMap<>();

    @AfterEach
    void closeContexts() {
        contexts.values().forEach(AnnotationConfigApplicationContext::close);
    }

    @Test
    void contextsAgreeOnLeaderAndMembersAndElectAnotherLeaderWhenTheLeaderStops() throws Exception {
        List<String> members = ThreeInstances.memberProperties();
        for (String id : List.of("1", "2", "3")) {
            contexts.put(id, start(id, members));
        }
        String leader = awaitAgreedLeader(contexts.keySet());
        assertMembersAgree(contexts.keySet(), leader);
        Node leaderNode = node(leader);
        TestNodes.execute(leaderNode, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        TestNodes.execute(leaderNode, "notes", "INSERT INTO notes (body) VALUES ('kept')");
        long committed = leaderNode.commitIndex();
        TestNodes.await("the leader's match index of every member reaching " + committed, TIMEOUT,
                () -> endpoint(leader).cluster().members().stream()
                        .allMatch(member -> member.matchIndex() != null && member.matchIndex() >= committed));
        assertThat(endpoint(successorOf(leader)).cluster().members()).allSatisfy(
                member -> assertThat(member.matchIndex()).as("match index on a follower").isNull());

        String successor = successorOf(leader);
        endpoint(leader).operate(DqliteEndpoint.LEADER, successor, null, null, null);
        assertThat(awaitAgreedLeader(contexts.keySet())).isEqualTo(successor);

        contexts.remove(successor).close();
        Set<String> remaining = contexts.keySet();
        String elected = awaitAgreedLeader(remaining);
        assertThat(elected).isNotEqualTo(successor);
        assertMembersAgree(remaining, elected);
        for (String id : remaining) {
            DqliteHealthIndicator health = contexts.get(id).getBean(DqliteHealthIndicator.class);
            TestNodes.await("node " + id + " UP", TIMEOUT, () -> health.health(false).getStatus().equals(Status.UP));
        }
        assertThat(TestNodes.queryLong(node(elected), "notes", "SELECT count(*) FROM notes WHERE body = 'kept'"))
                .isEqualTo(1);

        // the last node leads a cluster whose peers are gone: stopping must not wait for them
        for (String id : List.copyOf(remaining)) {
            long started = System.nanoTime();
            contexts.remove(id).close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("closing node " + id)
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void theLeadersEndpointRemovesAMemberAndRefusesBadRequests() throws Exception {
        List<String> members = ThreeInstances.memberProperties();
        for (String id : List.of("1", "2", "3")) {
            contexts.put(id, start(id, members));
        }
        String leader = awaitAgreedLeader(contexts.keySet());
        String removed = successorOf(leader);
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(removed).operate(DqliteEndpoint.REMOVE, leader, null, null, null))
                .withMessageContaining("not the leader");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.REMOVE, leader, null, null, null))
                .withMessageContaining("transfer leadership");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.REMOVE, "9", null, null, null))
                .withMessageContaining("not a member");

        assertThat(endpoint(leader).operate(DqliteEndpoint.REMOVE, removed, null, null, null))
                .containsEntry("removed", removed);

        assertThat(endpoint(leader).cluster().members()).extracting(MemberDescriptor::id).hasSize(2)
                .doesNotContain(removed);
        contexts.remove(removed).close();
        TestNodes.execute(node(leader), "notes", "CREATE TABLE after_removal (id INTEGER PRIMARY KEY)");
    }

    @Test
    void theLeadersEndpointMovesAMemberBetweenVoterStandbyAndSpareAndChecksAdditions() throws Exception {
        // roles change only when asked: the leader keeping 3 voters would enlist the spare within a second
        List<String> members = new ArrayList<>(ThreeInstances.memberProperties());
        members.add("dqlite.roles.enabled=false");
        for (String id : List.of("1", "2", "3")) {
            contexts.put(id, start(id, members));
        }
        String leader = awaitAgreedLeader(contexts.keySet());
        String follower = successorOf(leader);

        assertThat(endpoint(leader).operate(DqliteEndpoint.ASSIGN, follower, null, null, "standby"))
                .containsEntry("assigned", follower).containsEntry("role", "standby");
        assertThat(role(leader, follower)).isEqualTo("standby");
        TestNodes.execute(node(leader), "notes", "CREATE TABLE with_a_standby (id INTEGER PRIMARY KEY)");
        long committed = node(leader).commitIndex();
        TestNodes.await("the standby applying the log", TIMEOUT, () -> node(follower).appliedIndex() >= committed);
        endpoint(leader).operate(DqliteEndpoint.ASSIGN, follower, null, null, "voter");
        assertThat(role(leader, follower)).isEqualTo("voter");
        endpoint(leader).operate(DqliteEndpoint.ASSIGN, follower, null, null, "spare");
        assertThat(role(leader, follower)).isEqualTo("spare");
        endpoint(leader).operate(DqliteEndpoint.ASSIGN, follower, null, null, "voter");
        assertThat(role(leader, follower)).isEqualTo("voter");

        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.ASSIGN, follower, null, null, "observer"))
                .withMessageContaining("unknown role 'observer'");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.ASSIGN, follower, null, null, null))
                .withMessageContaining("role is required");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(follower).operate(DqliteEndpoint.ASSIGN, leader, null, null, "standby"))
                .withMessageContaining("not the leader");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.ADD, "4", null, null, null))
                .withMessageContaining("address is required");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.ADD, "4", "nowhere", null, null))
                .withMessageContaining("nowhere");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint(leader).operate(DqliteEndpoint.ADD, follower, "127.0.0.1:1", null, null))
                .withMessageContaining("already a member");
    }

    private String role(String leader, String id) {
        return endpoint(leader).cluster().members().stream().filter(member -> member.id().equals(id))
                .map(MemberDescriptor::role).findFirst().orElse(null);
    }

    private AnnotationConfigApplicationContext start(String id, List<String> members) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        TestPropertyValues.of(members).and(TestNodes.fastElections())
                .and("dqlite.node-id=" + id, "dqlite.data-directory=" + directory.resolve("node-" + id),
                        "management.endpoints.web.exposure.include=dqlite")
                .applyTo(context);
        context.register(DqliteAutoConfiguration.class, DqliteEndpointAutoConfiguration.class,
                DqliteHealthContributorAutoConfiguration.class);
        context.refresh();
        return context;
    }

    /** Waits until exactly one of {@code ids} leads and all of them name it, and returns its id. */
    private String awaitAgreedLeader(Set<String> ids) {
        TestNodes.await("nodes " + ids + " agreeing on a leader", TIMEOUT, () -> {
            Set<String> leaders = ids.stream().map(id -> endpoint(id).cluster().leader())
                    .map(leader -> leader == null ? null : leader.id()).collect(Collectors.toSet());
            String leader = leaders.size() == 1 ? leaders.iterator().next() : null;
            return leader != null && ids.contains(leader) && endpoint(leader).cluster().role().equals("leader");
        });
        return Objects.requireNonNull(endpoint(ids.iterator().next()).cluster().leader()).id();
    }

    private void assertMembersAgree(Set<String> ids, String leader) {
        List<List<MemberDescriptor>> views = new ArrayList<>();
        for (String id : ids) {
            DqliteDescriptor cluster = endpoint(id).cluster();
            assertThat(cluster.nodeId()).isEqualTo(id);
            assertThat(cluster.members()).extracting(MemberDescriptor::id).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(cluster.members()).allSatisfy(member -> {
                assertThat(member.role()).isEqualTo("voter");
                assertThat(member.leader()).isEqualTo(member.id().equals(leader));
            });
            views.add(cluster.members().stream()
                    .map(member -> new MemberDescriptor(member.id(), member.address(), member.raftAddress(),
                            member.role(), member.leader(), null, null, null))
                    .sorted((a, b) -> a.id().compareTo(b.id())).toList());
        }
        assertThat(views).allSatisfy(view -> assertThat(view).isEqualTo(views.get(0)));
    }

    private String successorOf(String leader) {
        return contexts.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    private DqliteEndpoint endpoint(String id) {
        return contexts.get(id).getBean(DqliteEndpoint.class);
    }

    private Node node(String id) {
        return contexts.get(id).getBean(Node.class);
    }

}
