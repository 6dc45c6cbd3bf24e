package io.dqlite.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several commits merged into one have the effect of applying them in order, shrinking ones too. */
class WalCommitMergeTest {

    @TempDir
    Path dir;

    @Test
    void mergedCommitsLeaveTheSameFileAsCommitsAppliedOneByOne() throws Exception {
        Path leader = dir.resolve("leader.db");
        List<WalCommit> commits = new ArrayList<>();
        Random random = new Random(3);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + leader);
                FrameCapture capture = new FrameCapture(leader)) {
            execute(db, "PRAGMA journal_mode=WAL");
            execute(db, "PRAGMA wal_autocheckpoint=0");
            execute(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)");
            commits.addAll(capture.readCommits());
            for (int round = 0; round < 30; round++) {
                switch (random.nextInt(4)) {
                    case 0 -> execute(db, "INSERT INTO t(body) SELECT randomblob(" + random.nextInt(20_000)
                            + ") FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)");
                    case 1 -> execute(db, "DELETE FROM t WHERE id % 3 = " + random.nextInt(3));
                    case 2 -> execute(db, "UPDATE t SET body = randomblob(100) WHERE id % 2 = 0");
                    default -> execute(db, "VACUUM");
                }
            }
            commits.addAll(capture.readCommits());
            assertThat(commits).hasSizeGreaterThan(20);

            Path oneByOne = dir.resolve("one-by-one.db");
            try (PageApplier applier = new PageApplier(oneByOne)) {
                for (WalCommit commit : commits) {
                    applier.apply(commit);
                }
            }
            Path merged = dir.resolve("merged.db");
            try (PageApplier applier = new PageApplier(merged)) {
                applier.apply(WalCommit.merge(commits.subList(0, 10)));
                List<WalCommit> rest = new ArrayList<>(commits.subList(10, commits.size()));
                rest.set(5, rest.get(5).inMemory());
                applier.apply(WalCommit.merge(rest));
            }
            assertThat(Files.readAllBytes(merged)).isEqualTo(Files.readAllBytes(oneByOne));
            assertThat(WalCommit.merge(commits).frames().size())
                    .as("each page once").isLessThan(commits.stream().mapToInt(commit -> commit.frames().size()).sum());
        }
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
