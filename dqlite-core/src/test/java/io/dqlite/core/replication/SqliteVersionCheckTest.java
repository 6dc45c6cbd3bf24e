package io.dqlite.core.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class SqliteVersionCheckTest {

    @Test
    void theSqliteSpringBoot407PinsIsRefusedNamingThePropertyToSet() {
        assertThatThrownBy(() -> SqliteVersionCheck.require("3.50.3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SQLite 3.50.3")
                .hasMessageContaining("sqlite-jdbc.version")
                .hasMessageContaining(SqliteVersionCheck.MINIMUM_DRIVER);
    }

    @Test
    void versionsCompareNumberByNumber() {
        assertThat(SqliteVersionCheck.compare("3.54.1", "3.54.1")).isZero();
        assertThat(SqliteVersionCheck.compare("3.54.10", "3.54.9")).isPositive();
        assertThat(SqliteVersionCheck.compare("3.9", "3.54.1")).isNegative();
        assertThat(SqliteVersionCheck.compare("4.0", "3.54.1")).isPositive();
        assertThat(SqliteVersionCheck.compare("3.54", "3.54.0")).isZero();
    }

    @Test
    void theSqliteThisBuildUsesPasses() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            assertThatCode(() -> SqliteVersionCheck.require(connection)).doesNotThrowAnyException();
        }
    }

    @Test
    void theTestsRunOnTheLowestSqliteSupported() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            assertThat(connection.getMetaData().getDatabaseProductVersion())
                    .as("ReplicationEquivalenceTest proves replication on the SQLite of this build; raising the build's"
                            + " sqlite-jdbc without SqliteVersionCheck.MINIMUM (or lowering the minimum) would leave the"
                            + " lowest version accepted untested")
                    .isEqualTo(SqliteVersionCheck.MINIMUM);
        }
    }
}
