package io.dqlite.core.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageApplierTest {

    @TempDir
    Path dir;

    @Test
    void writesPagesAtTheirPlaceAndTruncatesToTheCommittedSize() throws Exception {
        Path file = dir.resolve("f.db");
        try (PageApplier applier = new PageApplier(file)) {
            applier.apply(new WalCommit(512, List.of(page(1, 512, 'a'), page(3, 512, 'c')), 3));
            assertThat(applier.size()).isEqualTo(3 * 512);

            applier.apply(new WalCommit(512, List.of(page(2, 512, 'b')), 2));
            assertThat(applier.size()).isEqualTo(2 * 512);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0]).isEqualTo((byte) 'a');
        assertThat(bytes[512]).isEqualTo((byte) 'b');
    }

    @Test
    void aWholeDatabaseImageReproducesTheFile() throws Exception {
        Path source = dir.resolve("source.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + source);
                Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE t(x)");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
                    + " INSERT INTO t SELECT randomblob(500) FROM n");
        }

        try (PageApplier applier = new PageApplier(dir.resolve("fresh.db"))) {
            applier.apply(DatabaseImage.read(source));
        }

        assertThat(Files.readAllBytes(dir.resolve("fresh.db"))).isEqualTo(Files.readAllBytes(source));
    }

    @Test
    void aDifferentPageSizeIsRefused() throws Exception {
        Path file = dir.resolve("f.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE t(x)");
        }
        try (PageApplier applier = new PageApplier(file)) {
            assertThatThrownBy(() -> applier.apply(new WalCommit(1024, List.of(page(1, 1024, 'x')), 1)))
                    .isInstanceOf(WalFormatException.class)
                    .hasMessageContaining("page size 1024")
                    .hasMessageContaining("snapshot");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedByName() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "x".repeat(200));

        assertThatThrownBy(() -> new PageApplier(file))
                .isInstanceOf(WalFormatException.class)
                .hasMessageContaining("notes.txt is not a SQLite database");
    }

    private static Frame page(int number, int size, char fill) {
        byte[] page = new byte[size];
        java.util.Arrays.fill(page, (byte) fill);
        return new Frame(number, page);
    }
}
