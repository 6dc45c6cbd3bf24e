package io.dqlite.core.raft;

import io.dqlite.core.entry.CorruptEntryException;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.LogEntry;
import io.dqlite.core.entry.SpareList;
import io.dqlite.core.replication.ReplicationTarget;
import io.dqlite.core.snapshot.SnapshotStore;
import io.dqlite.core.status.ActivityListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state: one "applied" file per database, which holds exactly the committed log, and the cluster's
 * spare members.
 *
 * <p>Every node, the leader included, applies every entry's pages to its applied files, which
 * SQLite never opens; a leader serves SQL from a copy it makes when it takes office. So a
 * snapshot is a copy of the applied files at the last applied index, and nothing a leader did
 * that failed to replicate can reach them.
 */
public final class DatabaseStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStateMachine.class);

    /**
     * The largest entry whose decoded form waits with its transaction until it is applied: small entries are the
     * many whose second decoding costs, big ones (parts of a split transaction) would hold their pages twice.
     */
    private static final int KEPT_DECODED_LIMIT = 1 << 20;

    private final SnapshotStore snapshots = new SnapshotStore();
    private final Path appliedDirectory;
    private final Consumer<String> leaderListener;
    private final Runnable membershipListener;
    private final Map<String, ReplicationTarget> targets = new TreeMap<>();
    private final Object appliedMonitor = new Object();
    private final List<ActivityListener> activityListeners = new CopyOnWriteArrayList<>();
    private volatile String failure;
    private volatile SpareList spares = SpareList.empty();

    /**
     * Creates the state machine.
     *
     * @param appliedDirectory where the applied database files live, outside Ratis' directory
     * @param leaderListener told the id of each new leader (or null when there is none)
     * @param membershipListener told each time a configuration entry or a list of spares (a membership change) is
     *     applied
     */
    public DatabaseStateMachine(Path appliedDirectory, Consumer<String> leaderListener, Runnable membershipListener) {
        this.appliedDirectory = appliedDirectory;
        this.leaderListener = leaderListener;
        this.membershipListener = membershipListener;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        snapshots.init(storage);
        getLifeCycle().startAndTransition(this::restore, IOException.class);
    }

    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        synchronized (appliedMonitor) {
            closeTargets();
        }
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        restore();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /**
     * Refuses, before it is appended, a write that is not a valid log entry, so garbage never reaches the log; a
     * small entry's decoded form is kept with the transaction, so this leader applies it without decoding again.
     */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        LogEntry decoded;
        try {
            decoded = EntryCodec.decode(content.asReadOnlyByteBuffer());
        } catch (CorruptEntryException e) {
            throw new IOException("refused a write that is not a valid log entry: " + e.getMessage(), e);
        }
        TransactionContext transaction = super.startTransaction(request);
        if (content.size() <= KEPT_DECODED_LIMIT) {
            transaction.setStateMachineContext(decoded);
        }
        return transaction;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(failure));
        }
        try {
            LogEntry decoded = transaction.getStateMachineContext() instanceof LogEntry kept
                    ? kept
                    : EntryCodec.decode(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
            synchronized (appliedMonitor) {
                enterTerm(entry.getTerm());
                if (decoded instanceof DatabaseEntry change) {
                    ReplicationTarget target = target(change.database());
                    target.enterTerm(entry.getTerm());
                    target.apply(change);
                } else {
                    spares = (SpareList) decoded;
                }
                updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
                appliedMonitor.notifyAll();
            }
            if (decoded instanceof SpareList) {
                membershipListener.run();
            }
            return CompletableFuture.completedFuture(Message.EMPTY);
        } catch (IOException | CorruptEntryException e) {
            failure = "log entry " + entry.getIndex() + " (term " + entry.getTerm() + ") cannot be applied: "
                    + e.getMessage() + "; this node stops applying and serves nothing until it is rebuilt";
            log.error(failure, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        synchronized (appliedMonitor) {
            enterTerm(term);
            super.notifyTermIndexUpdated(term, index);
            appliedMonitor.notifyAll();
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        synchronized (appliedMonitor) {
            TermIndex last = getLastAppliedTermIndex();
            SnapshotStore.Snapshot previous = snapshots.latest();
            if (last == null || (previous != null && previous.index() >= last.getIndex())) {
                return previous == null ? RaftLog.INVALID_LOG_INDEX : previous.index();
            }
            if (targets.values().stream().anyMatch(ReplicationTarget::hasPendingTransaction)) {
                log.info("Snapshot at index {} deferred: a split transaction is half applied", last.getIndex());
                return previous == null ? RaftLog.INVALID_LOG_INDEX : previous.index();
            }
            long started = System.nanoTime();
            Map<String, Path> files = new TreeMap<>();
            for (String database : targets.keySet()) {
                files.put(database, appliedFile(database));
            }
            SnapshotStore.Snapshot snapshot = snapshots.take(last.getTerm(), last.getIndex(), files, spares);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            log.info("Took snapshot at index {} (term {}) of {} databases in {} ms", snapshot.index(),
                    snapshot.term(), files.size(), duration.toMillis());
            long sizeBytes = 0;
            for (Path file : snapshot.databases().values()) {
                sizeBytes += Files.size(file);
            }
            for (ActivityListener listener : activityListeners) {
                listener.snapshotTaken(snapshot.index(), sizeBytes, duration);
            }
            return snapshot.index();
        }
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return snapshots.getLatestSnapshot();
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId leader) {
        leaderListener.accept(leader == null ? null : leader.toString());
    }

    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto configuration) {
        membershipListener.run();
    }

    /** Answers the empty read that confirms leadership; the data itself is read through SQLite. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        leaderListener.accept(null);
    }

    /** Waits until every entry up to {@code index} is applied; returns false on timeout. */
    public boolean awaitApplied(long index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (appliedMonitor) {
            while (appliedIndex() < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                appliedMonitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Returns the index of the last applied log entry, or -1. */
    public long appliedIndex() {
        TermIndex last = getLastAppliedTermIndex();
        return last == null ? RaftLog.INVALID_LOG_INDEX : last.getIndex();
    }

    /**
     * Copies the applied file of {@code database} to {@code destination} while no entry is applied, and returns
     * the index of the last entry the copy holds, or -1 when there is no such database.
     */
    public long copyAppliedFile(String database, Path destination) throws IOException {
        synchronized (appliedMonitor) {
            Path applied = appliedFile(database);
            if (!Files.exists(applied) || Files.size(applied) == 0) {
                return -1;
            }
            Files.copy(applied, destination, StandardCopyOption.REPLACE_EXISTING);
            return appliedIndex();
        }
    }

    /** Returns why this state machine stopped applying entries, or null if it has not. */
    public String failure() {
        return failure;
    }

    /** Returns the file that holds the applied state of {@code database}. */
    public Path appliedFile(String database) {
        return appliedDirectory.resolve(SnapshotStore.fileName(database));
    }

    /** Returns the latest snapshot, or null. */
    public SnapshotStore.Snapshot latestSnapshot() {
        return snapshots.latest();
    }

    /** Returns the cluster's spare members as of the last applied entry. */
    public SpareList spares() {
        return spares;
    }

    /** Returns the names of the databases applied so far. */
    public List<String> databaseNames() {
        synchronized (appliedMonitor) {
            return List.copyOf(targets.keySet());
        }
    }

    /** Registers {@code listener} to hear of each snapshot this state machine takes. */
    public void addActivityListener(ActivityListener listener) {
        activityListeners.add(listener);
    }

    @Override
    public void close() throws IOException {
        synchronized (appliedMonitor) {
            closeTargets();
        }
        super.close();
    }

    /** Rebuilds the applied files from the latest snapshot; the log after it is replayed by Ratis. */
    private void restore() throws IOException {
        synchronized (appliedMonitor) {
            closeTargets();
            spares = SpareList.empty();
            Files.createDirectories(appliedDirectory);
            try (Stream<Path> stale = Files.list(appliedDirectory)) {
                for (Path file : stale.toList()) {
                    Files.delete(file);
                }
            }
            SnapshotStore.Snapshot snapshot = snapshots.loadLatest();
            if (snapshot == null) {
                log.debug("No snapshot; databases are rebuilt from the whole log");
                return;
            }
            for (Map.Entry<String, Path> database : snapshot.databases().entrySet()) {
                Files.copy(database.getValue(), appliedFile(database.getKey()));
                target(database.getKey());
            }
            spares = snapshot.spares();
            setLastAppliedTermIndex(TermIndex.valueOf(snapshot.term(), snapshot.index()));
            log.info("Restored {} databases from the snapshot at index {} (term {})", snapshot.databases().size(),
                    snapshot.index(), snapshot.term());
        }
    }

    private ReplicationTarget target(String database) throws IOException {
        ReplicationTarget target = targets.get(database);
        if (target == null) {
            target = new ReplicationTarget(database, appliedFile(database));
            targets.put(database, target);
        }
        return target;
    }

    private void enterTerm(long term) {
        for (ReplicationTarget target : targets.values()) {
            target.enterTerm(term);
        }
    }

    private void closeTargets() {
        for (ReplicationTarget target : targets.values()) {
            try {
                target.close();
            } catch (IOException e) {
                log.warn("Closing the applied file of a database failed", e);
            }
        }
        targets.clear();
    }
}
