package io.dqlite.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

// the application's own properties describe a 3-node cluster on fixed ports with a data directory in the
// working directory: the annotation must replace all of that with a throw-away single node
@SpringBootTest(classes = TestApplication.class, properties = {
        "dqlite.node-id=2",
        "dqlite.members[0].id=1", "dqlite.members[0].address=127.0.0.1:9001",
        "dqlite.members[1].id=2", "dqlite.members[1].address=127.0.0.1:9002",
        "dqlite.members[2].id=3", "dqlite.members[2].address=127.0.0.1:9003",
        "dqlite.data-directory=target/must-not-be-created",
        "dqlite.database=orders" })
@AutoConfigureTestDqlite
class AutoConfigureTestDqliteTests {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private Node node;

    @Autowired
    private Environment environment;

    @Test
    void theApplicationRunsOnASingleNodeOnFreePortsWithItsDataInATemporaryDirectory() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
        jdbc.update("INSERT INTO orders (item) VALUES (?)", "tea");
        assertThat(jdbc.queryForObject("SELECT item FROM orders", String.class)).isEqualTo("tea");

        assertThat(node.status().members()).singleElement().satisfies(member -> {
            assertThat(member.id()).isEqualTo("1");
            assertThat(member.address()).startsWith("127.0.0.1:").isNotIn("127.0.0.1:9001", "127.0.0.1:9002",
                    "127.0.0.1:9003");
        });
        Path dataDirectory = Path.of(environment.getProperty("dqlite.data-directory"));
        assertThat(dataDirectory).startsWith(Path.of(System.getProperty("java.io.tmpdir"))).isDirectory();
        assertThat(node.appliedFile("orders")).startsWith(dataDirectory).exists();
        assertThat(Path.of("target/must-not-be-created")).doesNotExist();
    }

}
