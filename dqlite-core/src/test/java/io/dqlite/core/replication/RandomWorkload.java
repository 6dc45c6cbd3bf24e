package io.dqlite.core.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random SQL against a leader's writer connection: DDL, DML with non-deterministic
 * functions, large blobs, VACUUM, rolled-back transactions and failing statements.
 */
final class RandomWorkload {

    /** The kinds of step the workload takes. */
    enum Step {
        TRANSACTION, AUTOCOMMIT, ROLLBACK, FAILING_AUTOCOMMIT, LARGE_BLOB, DELETE_BLOBS, VACUUM
    }

    private static final int MAX_ROWS = 250;
    private static final String[] TEXTS = {"", "plain", "ünïcödé ✓", "日本語テキスト", "emoji 🚀", "quote ' \" done"};

    private final Random random;
    private final Connection db;
    private final int maxBlobBytes;
    private final Map<Step, Integer> steps = new EnumMap<>(Step.class);
    private int names;
    private int failedStatements;
    private String lastStatement;

    RandomWorkload(Random random, Connection db, int maxBlobBytes) {
        this.random = random;
        this.db = db;
        this.maxBlobBytes = maxBlobBytes;
    }

    /** Creates the tables every run starts with. */
    void createBaseSchema() throws SQLException {
        execute("BEGIN");
        execute("CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT, at TEXT, r INTEGER)");
        execute("CREATE TABLE blobs(id INTEGER PRIMARY KEY, data BLOB)");
        execute("CREATE TABLE t0(id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT, c BLOB, d REAL)");
        execute("COMMIT");
    }

    /** Takes one random step and returns its kind. */
    Step step() throws SQLException {
        int dice = random.nextInt(100);
        Step step;
        if (count("blobs") > 0 && random.nextInt(3) == 0) {
            step = Step.DELETE_BLOBS;
            tryStatement("DELETE FROM blobs");
        } else if (dice < 45) {
            step = Step.TRANSACTION;
            transaction(true);
        } else if (dice < 70) {
            step = Step.AUTOCOMMIT;
            tryStatement(randomOperation());
        } else if (dice < 80) {
            step = Step.ROLLBACK;
            transaction(false);
        } else if (dice < 87) {
            step = Step.FAILING_AUTOCOMMIT;
            tryStatement(failingStatement());
        } else if (dice < 89) {
            step = Step.LARGE_BLOB;
            tryStatement("INSERT INTO blobs(data) VALUES(randomblob(" + (maxBlobBytes / 2 + random.nextInt(maxBlobBytes / 2)) + "))");
        } else if (dice < 94) {
            step = Step.VACUUM;
            tryStatement("VACUUM");
        } else {
            step = Step.TRANSACTION;
            transaction(true);
        }
        steps.merge(step, 1, Integer::sum);
        return step;
    }

    Map<Step, Integer> stepCounts() {
        return steps;
    }

    int failedStatements() {
        return failedStatements;
    }

    private void transaction(boolean commit) throws SQLException {
        execute(random.nextBoolean() ? "BEGIN" : "BEGIN IMMEDIATE");
        int operations = 1 + random.nextInt(6);
        for (int i = 0; i < operations; i++) {
            tryStatement(random.nextInt(10) == 0 ? failingStatement() : randomOperation());
        }
        if (random.nextInt(8) == 0 && count("blobs") == 0) {
            tryStatement("INSERT INTO blobs(data) VALUES(randomblob(" + random.nextInt(maxBlobBytes / 16) + "))");
        }
        try {
            execute(commit ? "COMMIT" : "ROLLBACK");
        } catch (SQLException e) {
            failedStatements++;
            tryStatement("ROLLBACK");
        }
    }

    private String randomOperation() throws SQLException {
        List<String> tables = tables();
        String table = tables.get(random.nextInt(tables.size()));
        int dice = random.nextInt(100);
        if (dice < 35) {
            return count(table) > MAX_ROWS ? "DELETE FROM " + table + " WHERE " + sample(table, 50) : insert(table);
        } else if (dice < 55) {
            return update(table);
        } else if (dice < 63) {
            return "DELETE FROM " + table + " WHERE " + sample(table, 1 + random.nextInt(10));
        } else if (dice < 65) {
            return "DELETE FROM " + table;
        } else if (dice < 71 && tables.size() < 8) {
            return createTable(tables);
        } else if (dice < 73 && tables.size() > 2 && !table.equals("audit")) {
            return "DROP TABLE " + table;
        } else if (dice < 78) {
            return createIndex(table);
        } else if (dice < 80) {
            String index = randomName("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
            return index == null ? createIndex(table) : "DROP INDEX " + index;
        } else if (dice < 84) {
            return "ALTER TABLE " + table + " ADD COLUMN x" + (names++) + " "
                    + pick("TEXT DEFAULT 'v'", "INTEGER", "BLOB", "REAL DEFAULT 1.5");
        } else if (dice < 87 && !table.equals("audit")) {
            return "CREATE TRIGGER tr" + (names++) + " AFTER " + pick("INSERT", "UPDATE", "DELETE") + " ON " + table
                    + " BEGIN INSERT INTO audit(tbl, at, r) VALUES('" + table + "', datetime('now'), random()); END";
        } else if (dice < 89) {
            String trigger = randomName("SELECT name FROM sqlite_master WHERE type = 'trigger'");
            return trigger == null ? insert(table) : "DROP TRIGGER " + trigger;
        } else if (dice < 92) {
            return "DELETE FROM audit WHERE id < (SELECT max(id) - 50 FROM audit)";
        } else {
            return insert(table);
        }
    }

    private String insert(String table) throws SQLException {
        List<Column> columns = columns(table);
        StringBuilder names = new StringBuilder();
        for (Column column : columns) {
            if (!column.isRowidAlias()) {
                names.append(names.length() == 0 ? "" : ", ").append(column.name());
            }
        }
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + "(" + names + ") VALUES ");
        int rows = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 4);
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "(" : ", (");
            boolean first = true;
            for (Column column : columns) {
                if (column.isRowidAlias()) {
                    continue;
                }
                sql.append(first ? "" : ", ").append(valueFor(column));
                first = false;
            }
            sql.append(')');
        }
        return sql.toString();
    }

    private String update(String table) throws SQLException {
        List<Column> columns = new ArrayList<>(columns(table));
        columns.removeIf(Column::primaryKey);
        if (columns.isEmpty()) {
            return insert(table);
        }
        Column column = columns.get(random.nextInt(columns.size()));
        return "UPDATE " + table + " SET " + column.name() + " = " + valueFor(column)
                + " WHERE " + sample(table, 1 + random.nextInt(20));
    }

    private String createTable(List<String> tables) throws SQLException {
        String name = "t" + (names++);
        int dice = random.nextInt(4);
        if (dice == 0) {
            return "CREATE TABLE " + name + "(k TEXT PRIMARY KEY, a INTEGER, b TEXT, c BLOB) WITHOUT ROWID";
        }
        if (dice == 1) {
            List<String> parents = new ArrayList<>();
            for (String table : tables) {
                if (columns(table).stream().anyMatch(column -> column.name().equals("id") && column.isRowidAlias())) {
                    parents.add(table);
                }
            }
            if (!parents.isEmpty()) {
                String parent = parents.get(random.nextInt(parents.size()));
                return "CREATE TABLE " + name + "(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES " + parent
                        + "(id) ON DELETE CASCADE, a INTEGER, b TEXT)";
            }
        }
        if (dice == 2) {
            return "CREATE TABLE " + name + "(a, b, c)";
        }
        return "CREATE TABLE " + name + "(id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT, c BLOB, d REAL)";
    }

    private String createIndex(String table) throws SQLException {
        List<Column> columns = columns(table);
        Column column = columns.get(random.nextInt(columns.size()));
        String name = "i" + (names++);
        return switch (random.nextInt(4)) {
            case 0 -> "CREATE UNIQUE INDEX " + name + " ON " + table + "(" + column.name() + ")";
            case 1 -> "CREATE INDEX " + name + " ON " + table + "(" + column.name() + ") WHERE "
                    + column.name() + " IS NOT NULL";
            case 2 -> "CREATE INDEX " + name + " ON " + table + "(length(" + column.name() + "))";
            default -> "CREATE INDEX " + name + " ON " + table + "(" + column.name() + " DESC)";
        };
    }

    private String failingStatement() throws SQLException {
        return switch (random.nextInt(5)) {
            case 0 -> "INSERT INTO no_such_table VALUES(1)";
            case 1 -> "SELEC 1";
            case 2 -> "CREATE TABLE audit(x)";
            case 3 -> "INSERT INTO audit(id, tbl) VALUES((SELECT max(id) FROM audit), 'dup'), (1, 'a'), (1, 'b')";
            default -> {
                String child = randomName("SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
                        + " WHERE m.type = 'table'");
                yield child == null ? "INSERT INTO blobs(id) VALUES('not an integer')"
                        : "INSERT INTO " + child + "(parent) VALUES(-424242)";
            }
        };
    }

    private String valueFor(Column column) {
        if (column.name().equals("k")) {
            return "hex(randomblob(6))";
        }
        if (column.name().equals("parent")) {
            return random.nextInt(4) == 0 ? "NULL" : "(SELECT max(id) FROM " + column.references() + ")";
        }
        return switch (random.nextInt(12)) {
            case 0 -> "NULL";
            case 1 -> "random()";
            case 2 -> Long.toString(random.nextLong());
            case 3 -> pick("1e308", "-0.0", "4.9e-324", "3.141592653589793", "-1.5e-10");
            case 4 -> "'" + pick(TEXTS).replace("'", "''") + "'";
            case 5 -> "datetime('now')";
            case 6 -> "randomblob(" + random.nextInt(3000) + ")";
            case 7 -> "zeroblob(" + random.nextInt(600) + ")";
            case 8 -> "hex(randomblob(" + random.nextInt(40) + "))";
            case 9 -> "strftime('%Y-%m-%d %H:%M:%f', 'now')";
            case 10 -> Integer.toString(random.nextInt(100));
            default -> "'" + "x".repeat(random.nextInt(5000)) + "'";
        };
    }

    private String sample(String table, int rows) throws SQLException {
        String key = columns(table).stream().anyMatch(column -> column.name().equals("k")) ? "k" : "rowid";
        return key + " IN (SELECT " + key + " FROM " + table + " ORDER BY random() LIMIT " + rows + ")";
    }

    private List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite_%' AND name <> 'blobs' ORDER BY name")) {
            while (row.next()) {
                tables.add(row.getString(1));
            }
        }
        return tables;
    }

    private List<Column> columns(String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        String references = null;
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT \"table\" FROM pragma_foreign_key_list('" + table + "')")) {
            if (row.next()) {
                references = row.getString(1);
            }
        }
        boolean withoutRowid;
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT sql LIKE '%WITHOUT ROWID' FROM sqlite_master WHERE name = '"
                        + table + "'")) {
            withoutRowid = row.next() && row.getBoolean(1);
        }
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT name, type, pk FROM pragma_table_info('" + table + "')")) {
            while (row.next()) {
                boolean rowidAlias = !withoutRowid && row.getInt(3) == 1 && "INTEGER".equalsIgnoreCase(row.getString(2));
                columns.add(new Column(row.getString(1), row.getInt(3) > 0, rowidAlias, references));
            }
        }
        return columns;
    }

    private String randomName(String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(query)) {
            while (row.next()) {
                names.add(row.getString(1));
            }
        }
        return names.isEmpty() ? null : names.get(random.nextInt(names.size()));
    }

    private long count(String table) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private void tryStatement(String sql) {
        lastStatement = sql;
        try {
            execute(sql);
        } catch (SQLException e) {
            failedStatements++;
            lastStatement = sql + " -> " + e.getMessage();
        }
    }

    /** Returns the last statement tried and its error, for failure messages. */
    String lastStatement() {
        return lastStatement;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private record Column(String name, boolean primaryKey, boolean isRowidAlias, String references) {
    }
}
