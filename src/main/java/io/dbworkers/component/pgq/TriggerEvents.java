package io.dbworkers.component.pgq;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/**
 * Turns the events of PgQ's row triggers into the one change model: {@code pgq.logutriga} (ev_type
 * {@code I:|U:|D:} with the key columns, ev_data the URL-encoded row, ev_extra1 the table, ev_extra2 the old row with
 * {@code backup}) and {@code pgq.sqltriga} (ev_type {@code I|U|D}, ev_data partial SQL). The text values are typed by
 * the table's column types (integers, numerics, floats, booleans; other types stay text), which is why an event of a
 * table that no longer exists fails. The column types are read once per batch.
 */
final class TriggerEvents {

    private final Map<String, Table> tables = new HashMap<>();

    /** Whether the event was written by a row trigger: a table in ev_extra1 and a trigger's ev_type. */
    static boolean isTriggerEvent(PgqEvent event) {
        String type = event.type();
        return event.extra1() != null && type != null
               && (type.length() >= 2 && type.charAt(1) == ':' && Character.isLetter(type.charAt(0))
                   || type.equals("I") || type.equals("U") || type.equals("D"));
    }

    /** Forgets the column types: read again in the next batch, tables may have changed. */
    void newBatch() {
        tables.clear();
    }

    /** @throws IllegalArgumentException for an unknown operation, bad data or a table that no longer exists */
    DatabaseChange toChange(Connection c, PgqEvent event, long batchId) throws SQLException {
        String type = event.type();
        ChangeType operation = switch (type.charAt(0)) {
            case 'I' -> ChangeType.INSERT;
            case 'U' -> ChangeType.UPDATE;
            case 'D' -> ChangeType.DELETE;
            default -> throw new IllegalArgumentException("unknown ev_type '" + type + "' of a trigger event of "
                    + event.extra1() + " (expected I:, U: or D:)");
        };
        Table table = table(c, event.extra1());
        Map<String, String> row;
        Map<String, String> key = new LinkedHashMap<>();
        Map<String, String> old = null;
        if (type.length() > 1) {
            row = UrlEncoding.decode(event.data());
            for (String column : type.substring(2).split(",")) {
                if (!column.isEmpty()) {
                    key.put(column, row.get(column));
                }
            }
            if (event.extra2() != null && operation == ChangeType.UPDATE) {
                old = UrlEncoding.decode(event.extra2());
            }
        } else {
            SqlFragment sql = SqlFragment.parse(operation, event.data());
            row = sql.values();
            key.putAll(sql.where());
            if (operation == ChangeType.INSERT) {
                table.key().forEach(k -> key.put(k, row.get(k)));
            } else if (operation == ChangeType.DELETE) {
                row.putAll(sql.where());
            }
        }
        Map<String, Object> typedRow = table.typed(row);
        SourcePosition source = new SourcePosition("pgq", batchId + "/" + event.id());
        return new DatabaseChange(table.schema(), table.name(), operation, table.typed(key),
                operation == ChangeType.DELETE ? null : typedRow, operation == ChangeType.DELETE ? typedRow
                        : old == null ? null : table.typed(old), event.time(), source);
    }

    private Table table(Connection c, String qualified) throws SQLException {
        Table known = tables.get(qualified);
        if (known != null) {
            return known;
        }
        Map<String, String> types = new HashMap<>();
        String schema = null;
        String name = null;
        try (PreparedStatement s = c.prepareStatement(
                "select n.nspname, r.relname, a.attname, format_type(a.atttypid, null) from pg_class r"
                + " join pg_namespace n on n.oid = r.relnamespace join pg_attribute a on a.attrelid = r.oid"
                + " where r.oid = to_regclass(?) and a.attnum > 0 and not a.attisdropped")) {
            s.setString(1, qualified);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    schema = rs.getString(1);
                    name = rs.getString(2);
                    types.put(rs.getString(3), rs.getString(4));
                }
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("the table " + qualified + " of the trigger event no longer exists");
        }
        List<String> key = new java.util.ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
                + " and a.attnum = any(i.indkey) where i.indrelid = to_regclass(?) and i.indisprimary"
                + " order by array_position(i.indkey, a.attnum)")) {
            s.setString(1, qualified);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        Table table = new Table(schema, name, types, key);
        tables.put(qualified, table);
        return table;
    }

    private record Table(String schema, String name, Map<String, String> types, List<String> key) {

        Map<String, Object> typed(Map<String, String> text) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> column : text.entrySet()) {
                values.put(column.getKey(), typed(types.get(column.getKey()), column.getValue()));
            }
            return Collections.unmodifiableMap(values);
        }

        private Object typed(String type, String value) {
            if (value == null || type == null) {
                return value;
            }
            try {
                return switch (type) {
                    case "smallint", "integer" -> Integer.valueOf(value);
                    case "bigint" -> Long.valueOf(value);
                    case "numeric" -> new BigDecimal(value);
                    case "real", "double precision" -> Double.valueOf(value);
                    case "boolean" -> value.equals("t") || value.equals("true");
                    default -> value;
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the value '" + value + "' is not a " + type + " (table "
                        + schema + "." + name + ")");
            }
        }
    }
}
