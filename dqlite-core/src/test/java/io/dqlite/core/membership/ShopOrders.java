package io.dqlite.core.membership;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import java.sql.Statement;
import java.time.Duration;

/** The orders table of database "shop" that the membership tests write through a leader. */
final class ShopOrders {

    private ShopOrders() {
    }

    /** Starts every node of {@code cluster}, creates the table through the leader, and returns the leader. */
    static Node startWithTable(TestCluster cluster, Duration timeout) throws Exception {
        cluster.startAll();
        Node leader = cluster.awaitLeader(timeout);
        create(leader);
        return leader;
    }

    /** Creates the table. */
    static void create(Node leader) throws Exception {
        leader.database("shop").execute(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
            }
        });
    }

    /** Writes order {@code id}, replacing one of the same id. */
    static void insert(Node leader, int id) throws Exception {
        leader.database("shop").execute(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT OR REPLACE INTO orders VALUES (" + id + ", 'item')");
            }
        });
    }
}
