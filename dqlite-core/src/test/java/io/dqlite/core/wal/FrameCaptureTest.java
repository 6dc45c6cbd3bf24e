package io.dqlite.core.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameCaptureTest {

    @TempDir
    Path dir;

    private Path file;
    private Connection db;
    private FrameCapture capture;

    @BeforeEach
    void openWalDatabase() throws SQLException {
        file = dir.resolve("test.db");
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        execute("PRAGMA journal_mode=WAL");
        execute("PRAGMA wal_autocheckpoint=0");
        execute("PRAGMA cache_size=10");
        capture = new FrameCapture(file);
    }

    @AfterEach
    void close() throws Exception {
        capture.close();
        db.close();
    }

    @Test
    void returnsOneCommitPerTransactionWithEachPageOnce() throws Exception {
        execute("CREATE TABLE t(x)");
        assertThat(capture.readCommits()).hasSize(1);

        execute("BEGIN");
        for (int i = 0; i < 50; i++) {
            execute("INSERT INTO t VALUES(randomblob(100))");
        }
        execute("COMMIT");
        List<WalCommit> commits = capture.readCommits();

        assertThat(commits).singleElement().satisfies(commit -> {
            assertThat(commit.pageSize()).isEqualTo(4096);
            assertThat(commit.frames()).extracting(Frame::pageNumber).doesNotHaveDuplicates().isSorted();
            assertThat(commit.databasePages()).isGreaterThan(2);
        });
        assertThat(capture.readCommits()).isEmpty();
    }

    @Test
    void severalCommitsSinceTheLastReadComeInOrder() throws Exception {
        execute("CREATE TABLE t(x)");
        execute("INSERT INTO t VALUES(1)");
        execute("INSERT INTO t VALUES(2)");

        assertThat(capture.readCommits()).hasSize(3);
    }

    @Test
    void ignoresFramesOfRolledBackTransactionsEvenWhenTheySpilled() throws Exception {
        execute("CREATE TABLE t(x)");
        capture.readCommits();
        execute("BEGIN");
        execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                + " INSERT INTO t SELECT randomblob(3000) FROM n");
        long walWithSpill = Files.size(walFile());
        execute("ROLLBACK");

        assertThat(walWithSpill).as("the transaction spilled frames into the WAL").isGreaterThan(100_000);
        assertThat(capture.readCommits()).isEmpty();

        execute("INSERT INTO t VALUES(1)");
        assertThat(capture.readCommits()).singleElement()
                .satisfies(commit -> assertThat(commit.databasePages()).isEqualTo(2));
    }

    @Test
    void followsAWalRestartAfterACheckpoint() throws Exception {
        execute("CREATE TABLE t(x)");
        capture.readCommits();
        execute("PRAGMA wal_checkpoint(PASSIVE)");
        long generations = capture.generations();

        execute("INSERT INTO t VALUES(1)");

        assertThat(capture.readCommits()).hasSize(1);
        assertThat(capture.generations()).isEqualTo(generations + 1);
        assertThat(capture.capturedFrames()).as("frames since the restart").isEqualTo(1);
    }

    @Test
    void followsAWalTruncatedToZeroBytes() throws Exception {
        execute("CREATE TABLE t(x)");
        capture.readCommits();
        execute("PRAGMA wal_checkpoint(TRUNCATE)");
        assertThat(Files.size(walFile())).isZero();
        assertThat(capture.readCommits()).isEmpty();

        execute("INSERT INTO t VALUES(1)");

        assertThat(capture.readCommits()).hasSize(1);
    }

    @Test
    void followsAWalDeletedAndCreatedAgain() throws Exception {
        execute("CREATE TABLE t(x)");
        capture.readCommits();
        db.close();
        assertThat(walFile()).doesNotExist();
        assertThat(capture.readCommits()).isEmpty();

        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        execute("PRAGMA wal_autocheckpoint=0");
        execute("INSERT INTO t VALUES(1)");

        assertThat(capture.readCommits()).hasSize(1);
    }

    @Test
    void noWalMeansNoCommits() throws Exception {
        assertThat(capture.readCommits()).isEmpty();
        assertThat(capture.capturedFrames()).isZero();
    }

    @Test
    void corruptWalHeaderIsReportedNotSkipped() throws Exception {
        Path other = dir.resolve("other.db");
        Files.write(dir.resolve("other.db-wal"), new byte[64]);

        try (FrameCapture broken = new FrameCapture(other)) {
            assertThatThrownBy(broken::readCommits)
                    .isInstanceOf(WalFormatException.class)
                    .hasMessageContaining("not a SQLite WAL");
        }
    }

    @Test
    void corruptFrameEndsTheCaptureAtTheLastIntactCommit() throws Exception {
        execute("CREATE TABLE t(x)");
        execute("INSERT INTO t VALUES(1)");
        try (FileChannel wal = FileChannel.open(walFile(), StandardOpenOption.WRITE)) {
            long secondCommitPage = 32 + 2L * (24 + 4096) + 24 + 100;
            wal.write(ByteBuffer.wrap(new byte[] {42}), secondCommitPage);
        }

        assertThat(capture.readCommits()).hasSize(1);
    }

    private Path walFile() {
        return dir.resolve("test.db-wal");
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

}
