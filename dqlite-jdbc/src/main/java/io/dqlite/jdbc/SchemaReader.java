package io.dqlite.jdbc;

import io.dqlite.jdbc.session.Rows;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Answers the schema questions of {@link DqliteDatabaseMetaData} (tables, columns, keys, indexes)
 * with SQL over the connection's own session: {@code sqlite_master} and the table-valued pragma
 * functions {@code pragma_table_info}, {@code pragma_index_list}, {@code pragma_index_xinfo} and
 * {@code pragma_foreign_key_list}. SQLite's internal {@code sqlite_%} tables are left out. Catalog
 * and schema arguments are ignored: a dqlite database is one schema.
 */
final class SchemaReader {

    private static final String NOT_INTERNAL = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

    private final DqliteConnection connection;

    SchemaReader(DqliteConnection connection) {
        this.connection = connection;
    }

    ResultSet tables(String tableNamePattern, String[] types) throws SQLException {
        List<String> wanted = types == null ? null
                : Arrays.stream(types).filter(Objects::nonNull).map(t -> t.toUpperCase(Locale.ROOT)).toList();
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : select("SELECT m.name, upper(m.type) FROM sqlite_master m WHERE m.type IN ('table', 'view')"
                + " AND m.name LIKE ? ESCAPE '\\' AND " + NOT_INTERNAL, pattern(tableNamePattern))) {
            if (wanted == null || wanted.contains((String) row[1])) {
                rows.add(new Object[] {null, null, row[0], row[1], null, null, null, null, null, null});
            }
        }
        rows.sort(Comparator.comparing((Object[] row) -> (String) row[3]).thenComparing(row -> (String) row[2]));
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
                "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), rows);
    }

    ResultSet tableTypes() {
        return result(List.of("TABLE_TYPE"), List.of(new Object[] {"TABLE"}, new Object[] {"VIEW"}));
    }

    /**
     * Returns the columns of the matching tables and views, asking for each one separately so that
     * a view whose tables are gone (its table_info fails) is left out instead of failing the call.
     */
    ResultSet columns(String tableNamePattern, String columnNamePattern) throws SQLException {
        List<Object[]> found = new ArrayList<>();
        for (Object[] table : select("SELECT m.name FROM sqlite_master m WHERE m.type IN ('table', 'view')"
                + " AND m.name LIKE ? ESCAPE '\\' AND " + NOT_INTERNAL + " ORDER BY m.name", pattern(tableNamePattern))) {
            try {
                found.addAll(select("SELECT ?, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk,"
                        + " (SELECT count(*) FROM pragma_table_info(?) k WHERE k.pk > 0)"
                        + " FROM pragma_table_info(?) p WHERE p.name LIKE ? ESCAPE '\\' ORDER BY p.cid",
                        table[0], table[0], table[0], pattern(columnNamePattern)));
            } catch (SQLException e) {
                if (e.getErrorCode() != SqliteErrors.SQLITE_ERROR) {
                    throw e;
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object[] column : found) {
            DeclaredType type = DeclaredType.of((String) column[3]);
            boolean notNull = ((Long) column[4]) != 0;
            boolean rowidAlias = ((Long) column[6]) == 1 && ((Long) column[7]) == 1
                    && "INTEGER".equalsIgnoreCase(((String) column[3]).strip());
            rows.add(new Object[] {null, null, column[0], column[2], (long) type.jdbcType(), type.name(),
                type.size(), null, type.scale(), 10L,
                (long) (notNull ? DatabaseMetaData.columnNoNulls : DatabaseMetaData.columnNullable), null,
                column[5], null, null, type.size(), (Long) column[1] + 1, notNull ? "NO" : "YES", null, null, null,
                null, rowidAlias ? "YES" : "NO", "NO"});
        }
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
                "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS",
                "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
                "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE",
                "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"), rows);
    }

    ResultSet primaryKeys(String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] key : select("SELECT m.name, p.name, p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p"
                + " WHERE m.type = 'table' AND m.name = ? COLLATE NOCASE AND p.pk > 0", required(table, "getPrimaryKeys"))) {
            rows.add(new Object[] {null, null, key[0], key[1], key[2], null});
        }
        rows.sort(Comparator.comparing(row -> (String) row[3]));
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), rows);
    }

    ResultSet indexes(String table, boolean uniqueOnly) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] index : select("SELECT m.name, il.name, il.\"unique\", x.seqno, x.name, x.\"desc\""
                + " FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) x"
                + " WHERE m.type = 'table' AND m.name = ? COLLATE NOCASE AND x.key = 1", required(table, "getIndexInfo"))) {
            boolean unique = ((Long) index[2]) != 0;
            if (unique || !uniqueOnly) {
                rows.add(new Object[] {null, null, index[0], !unique, null, index[1],
                    (long) DatabaseMetaData.tableIndexOther, (Long) index[3] + 1, index[4],
                    ((Long) index[5]) != 0 ? "D" : "A", 0L, 0L, null});
            }
        }
        rows.sort(Comparator.comparing((Object[] row) -> (Boolean) row[3])
                .thenComparing(row -> (String) row[5])
                .thenComparing(row -> (Long) row[7]));
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
                "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
                "FILTER_CONDITION"), rows);
    }

    /**
     * Returns the foreign keys whose parent table is {@code parentTable} and whose child table is
     * {@code childTable}, either of which may be null for any; ordered by the parent table when
     * only the child is given, else by the child table.
     */
    ResultSet foreignKeys(String parentTable, String childTable) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\","
                + " f.on_update, f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f"
                + " WHERE m.type = 'table'");
        List<Object> parameters = new ArrayList<>();
        if (childTable != null) {
            sql.append(" AND m.name = ? COLLATE NOCASE");
            parameters.add(childTable);
        }
        if (parentTable != null) {
            sql.append(" AND f.\"table\" = ? COLLATE NOCASE");
            parameters.add(parentTable);
        }
        Map<String, List<String>> parentKeys = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (Object[] key : select(sql.toString(), parameters.toArray())) {
            String parent = (String) key[3];
            int seq = ((Long) key[2]).intValue();
            String parentColumn = (String) key[5];
            if (parentColumn == null) {
                List<String> keys = parentKeys.computeIfAbsent(parent.toLowerCase(Locale.ROOT), p -> primaryKeyColumns(parent));
                parentColumn = seq < keys.size() ? keys.get(seq) : null;
            }
            rows.add(new Object[] {null, null, parent, parentColumn, null, null, key[0], key[4], (long) seq + 1,
                rule((String) key[6]), rule((String) key[7]), null, null,
                (long) DatabaseMetaData.importedKeyNotDeferrable});
        }
        int orderBy = parentTable == null ? 2 : 6;
        rows.sort(Comparator.comparing((Object[] row) -> (String) row[orderBy]).thenComparing(row -> (Long) row[8]));
        return result(List.of("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
                "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME",
                "PK_NAME", "DEFERRABILITY"), rows);
    }

    private List<String> primaryKeyColumns(String table) {
        try {
            List<String> columns = new ArrayList<>();
            for (Object[] row : select("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)) {
                columns.add((String) row[0]);
            }
            return columns;
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static long rule(String action) {
        return switch (action == null ? "" : action.toUpperCase(Locale.ROOT)) {
            case "CASCADE" -> DatabaseMetaData.importedKeyCascade;
            case "RESTRICT" -> DatabaseMetaData.importedKeyRestrict;
            case "SET NULL" -> DatabaseMetaData.importedKeySetNull;
            case "SET DEFAULT" -> DatabaseMetaData.importedKeySetDefault;
            default -> DatabaseMetaData.importedKeyNoAction;
        };
    }

    ResultSet typeInfo() {
        List<Object[]> rows = new ArrayList<>();
        Object[][] types = {
            {"BOOLEAN", Types.BOOLEAN, 1L, null}, {"TINYINT", Types.TINYINT, 3L, null},
            {"BIGINT", Types.BIGINT, 19L, null}, {"BLOB", Types.BLOB, 2_000_000_000L, "X'"},
            {"CHAR", Types.CHAR, 2_000_000_000L, "'"}, {"NUMERIC", Types.NUMERIC, 15L, null},
            {"DECIMAL", Types.DECIMAL, 15L, null}, {"INTEGER", Types.INTEGER, 19L, null},
            {"SMALLINT", Types.SMALLINT, 5L, null}, {"FLOAT", Types.FLOAT, 15L, null},
            {"REAL", Types.REAL, 15L, null}, {"DOUBLE", Types.DOUBLE, 15L, null},
            {"TEXT", Types.VARCHAR, 2_000_000_000L, "'"}, {"VARCHAR", Types.VARCHAR, 2_000_000_000L, "'"},
            {"DATE", Types.DATE, 10L, "'"}, {"TIME", Types.TIME, 12L, "'"},
            {"TIMESTAMP", Types.TIMESTAMP, 23L, "'"},
        };
        for (Object[] type : types) {
            String prefix = (String) type[3];
            boolean text = "'".equals(prefix);
            boolean numeric = prefix == null && !type[0].equals("BOOLEAN");
            rows.add(new Object[] {type[0], (long) (int) type[1], type[2], prefix, prefix == null ? null : "'", null,
                (long) DatabaseMetaData.typeNullable, text, (long) DatabaseMetaData.typeSearchable, !numeric, false,
                type[0].equals("INTEGER"), null, 0L, 0L, null, null, numeric ? 10L : null});
        }
        rows.sort(Comparator.comparing(row -> (Long) row[1]));
        return result(List.of("TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX",
                "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE",
                "AUTO_INCREMENT", "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB", "NUM_PREC_RADIX"), rows);
    }

    /** Returns an empty result with {@code columns}, for what SQLite does not have. */
    ResultSet empty(String... columns) {
        return result(List.of(columns), List.of());
    }

    private static String pattern(String jdbcPattern) {
        return jdbcPattern == null ? "%" : jdbcPattern;
    }

    private static String required(String table, String method) throws SQLException {
        if (table == null) {
            throw new SQLException(method + " needs a table name", "HY009");
        }
        return table;
    }

    private List<Object[]> select(String sql, Object... parameters) throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        try (Rows found = connection.session().querySql(sql, Arrays.asList(parameters))) {
            int count = found.columns().size();
            while (found.next()) {
                Object[] row = new Object[count];
                for (int i = 0; i < count; i++) {
                    row[i] = found.value(i);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static ResultSet result(List<String> columns, List<Object[]> rows) {
        return new DqliteResultSet(null, new RowList(columns, rows), 0);
    }
}
