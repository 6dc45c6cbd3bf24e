package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Three instances of one application forming a cluster on free ports of 127.0.0.1, started together
 * as a deployment starts them (each may wait for a leader while it starts), closed together.
 */
public final class ThreeInstances implements AutoCloseable {

    private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

    /** Starts three contexts of {@code application} with {@code properties} besides the cluster's own. */
    public ThreeInstances(Path directory, Class<?> application, String... properties) throws Exception {
        List<String> members = memberProperties();
        for (String id : List.of("1", "2", "3")) {
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            TestPropertyValues.of(members).and(TestNodes.fastElections()).and(properties)
                    .and("dqlite.node-id=" + id, "dqlite.data-directory=" + directory.resolve("node-" + id))
                    .applyTo(context);
            context.register(application);
            contexts.add(context);
        }
        try {
            List<CompletableFuture<Void>> started = contexts.stream()
                    .map(context -> CompletableFuture.runAsync(context::refresh, runnable -> new Thread(runnable).start()))
                    .toList();
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Returns the {@code dqlite.members} properties of three nodes on free ports of 127.0.0.1, ids 1 to 3. */
    public static List<String> memberProperties() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add("dqlite.members[" + i + "].id=" + (i + 1));
            members.add("dqlite.members[" + i + "].address=127.0.0.1:" + TestNodes.freePort());
            members.add("dqlite.members[" + i + "].raft-address=127.0.0.1:" + TestNodes.freePort());
        }
        return members;
    }

    /** Returns the three contexts. */
    public List<AnnotationConfigApplicationContext> contexts() {
        return List.copyOf(contexts);
    }

    /** Waits until one instance leads and returns another one. */
    public AnnotationConfigApplicationContext follower() {
        TestNodes.await("a leader among the three", Duration.ofSeconds(60),
                () -> contexts.stream().anyMatch(context -> context.getBean(Node.class).isLeader()));
        return contexts.stream().filter(context -> !context.getBean(Node.class).isLeader()).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        contexts.forEach(AnnotationConfigApplicationContext::close);
    }
}
