package io.dqlite.core.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The logical content of a database: its schema and every row of every table, as one digest. */
final class DatabaseContent {

    private DatabaseContent() {
    }

    /** Returns a digest of the schema and all rows (in any order), prefixed by the row count. */
    static String digest(Connection connection) throws SQLException {
        MessageDigest total = sha256();
        List<String> tables = new ArrayList<>();
        long rows = 0;
        try (Statement statement = connection.createStatement();
                ResultSet schema = statement.executeQuery(
                        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
            while (schema.next()) {
                for (int column = 1; column <= 4; column++) {
                    update(total, schema.getString(column));
                }
                if ("table".equals(schema.getString(1))) {
                    tables.add(schema.getString(2));
                }
            }
        }
        for (String table : tables) {
            List<String> rowDigests = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                int columns = row.getMetaData().getColumnCount();
                while (row.next()) {
                    MessageDigest digest = sha256();
                    for (int column = 1; column <= columns; column++) {
                        updateValue(digest, row, column);
                    }
                    rowDigests.add(HexFormat.of().formatHex(digest.digest()));
                }
            }
            rowDigests.sort(null);
            update(total, table);
            rowDigests.forEach(digest -> update(total, digest));
            rows += rowDigests.size();
        }
        return rows + " rows " + HexFormat.of().formatHex(total.digest());
    }

    private static void updateValue(MessageDigest digest, ResultSet row, int column) throws SQLException {
        Object value = row.getObject(column);
        if (value == null) {
            digest.update((byte) 0);
        } else if (value instanceof byte[] bytes) {
            digest.update((byte) 1);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        } else if (value instanceof Double || value instanceof Float || row.getMetaData().getColumnType(column) == Types.REAL) {
            digest.update((byte) 2);
            digest.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(row.getDouble(column))).array());
        } else {
            digest.update((byte) 3);
            update(digest, value.getClass().getSimpleName() + ":" + value);
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text == null ? new byte[] {(byte) 0xff} : text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
