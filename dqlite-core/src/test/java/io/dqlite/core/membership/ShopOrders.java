package io.dqlite.core.membership;

import io.dqlite.core.Node;
import java.sql.Statement;

/** The orders table of database "shop" that the membership tests write through a leader. */
final class ShopOrders {

    private ShopOrders() {
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
