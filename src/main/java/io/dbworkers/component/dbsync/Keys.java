package io.dbworkers.component.dbsync;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;

/**
 * Key values as text (how the sync state stores the last key of a chunk) and the SQL that finds rows by key: an
 * {@code IN} list of keys, and the rows after a key.
 */
final class Keys {

    private Keys() {
    }

    /** The text of a key value, as {@link #bind} reads it back. */
    static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(value);
    }

    /** A map key identifying a row by its key values, equal for equal values read from either database. */
    static String identity(List<Object> row, int[] key) {
        StringBuilder id = new StringBuilder();
        for (int k : key) {
            Object v = row.get(k);
            id.append(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                    : v instanceof Number n ? Long.toString(n.longValue()) : String.valueOf(v)).append('\u0000');
        }
        return id.toString();
    }

    /** Binds a key's text for a column of that kind: numbers as numbers, the rest as text the server parses. */
    static void bind(PreparedStatement ps, int index, String text, PortableType type, Dialect dialect)
            throws SQLException {
        Kind kind = type.kind();
        if (kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT) {
            ps.setLong(index, Long.parseLong(text));
        } else if (kind == Kind.DECIMAL) {
            ps.setBigDecimal(index, new BigDecimal(text));
        } else if (dialect == Dialect.POSTGRESQL && !type.textual()) {
            ps.setObject(index, text, Types.OTHER);
        } else {
            ps.setString(index, text);
        }
    }

    /** Deletes the target rows with these rows' keys (up to 1,000 per statement), in the current transaction. */
    static int delete(java.sql.Connection target, SyncTable table, List<List<Object>> rows) throws SQLException {
        List<String> quotedKey = table.quotedKey(table.target, table.targetColumns);
        int deleted = 0;
        for (int from = 0; from < rows.size(); from += 1000) {
            List<List<Object>> part = rows.subList(from, Math.min(rows.size(), from + 1000));
            try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + table.target.quoted() + " WHERE "
                    + in(quotedKey, part.size()))) {
                bindIn(ps, part, table.key, table.targetColumns, table.targetDialect());
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    /** {@code k IN (?, ?)} or {@code (k1, k2) IN ((?, ?), (?, ?))} for {@code rows} keys. */
    static String in(List<String> quotedKey, int rows) {
        String one = quotedKey.size() == 1 ? "?" : "(" + "?, ".repeat(quotedKey.size() - 1) + "?)";
        String column = quotedKey.size() == 1 ? quotedKey.get(0) : "(" + String.join(", ", quotedKey) + ")";
        List<String> all = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            all.add(one);
        }
        return column + " IN (" + String.join(", ", all) + ")";
    }

    /** Binds the key values of each row (values read by {@link Values}) for {@link #in}, from parameter 1. */
    static void bindIn(PreparedStatement ps, List<List<Object>> rows, int[] key, List<PortableType.Column> columns,
            Dialect dialect) throws SQLException {
        int p = 1;
        for (List<Object> row : rows) {
            for (int k : key) {
                bind(ps, p++, text(row.get(k)), columns.get(k).type(), dialect);
            }
        }
    }
}
