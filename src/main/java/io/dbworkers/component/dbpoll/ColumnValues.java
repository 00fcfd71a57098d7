package io.dbworkers.component.dbpoll;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads column values as plain Java values that have a stable JSON form (java.time instead of java.sql dates, text
 * instead of driver objects), and writes cursor values back as typed text.
 */
final class ColumnValues {

    private static final Map<Class<?>, String> CURSOR_TYPES = Map.ofEntries(
            Map.entry(Integer.class, "int"), Map.entry(Long.class, "long"), Map.entry(Short.class, "short"),
            Map.entry(BigDecimal.class, "decimal"), Map.entry(BigInteger.class, "bigint"),
            Map.entry(String.class, "string"), Map.entry(UUID.class, "uuid"),
            Map.entry(LocalDateTime.class, "localdatetime"), Map.entry(OffsetDateTime.class, "offsetdatetime"),
            Map.entry(LocalDate.class, "localdate"), Map.entry(Instant.class, "instant"));

    private ColumnValues() {
    }

    static Object read(ResultSet rs, int index, PolledTable.Column column) throws SQLException {
        // the typed getters skip the drivers' per-call type resolution of getObject: most of a row's cost
        Object value = switch (column.sqlType()) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> column.hasOffset()
                    ? rs.getObject(index, OffsetDateTime.class) : rs.getObject(index, LocalDateTime.class);
            case Types.DATE -> rs.getObject(index, LocalDate.class);
            case Types.TIME -> rs.getObject(index, LocalTime.class);
            case Types.BIGINT -> orNull(rs, rs.getLong(index));
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> orNull(rs, rs.getInt(index));
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR -> rs.getString(index);
            case Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(index);
            case Types.DOUBLE, Types.FLOAT -> orNull(rs, rs.getDouble(index));
            case Types.REAL -> orNull(rs, rs.getFloat(index));
            case Types.BOOLEAN -> orNull(rs, rs.getBoolean(index));
            default -> rs.getObject(index);
        };
        if (value == null) {
            return null;
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof Array array) {
            return Arrays.asList((Object[]) array.getArray());
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof UUID
                || value instanceof byte[] || value instanceof java.time.temporal.Temporal) {
            return value;
        }
        // driver-specific objects such as PostgreSQL's json, jsonb, inet or interval: their text form
        return value.toString();
    }

    private static Object orNull(ResultSet rs, Object value) throws SQLException {
        return rs.wasNull() ? null : value;
    }

    /** A cursor value as {@code [type, text]}, so that it binds back with the type the column had. */
    static List<String> encode(Object value) {
        String type = CURSOR_TYPES.get(value.getClass());
        if (type == null) {
            throw new IllegalArgumentException("db-poll cannot use a " + value.getClass().getName()
                    + " column as a cursor (use a number, text, uuid or date/time column)");
        }
        return List.of(type, value.toString());
    }

    static Object decode(List<String> typed) {
        String text = typed.get(1);
        return switch (typed.get(0)) {
            case "int" -> Integer.valueOf(text);
            case "long" -> Long.valueOf(text);
            case "short" -> Short.valueOf(text);
            case "decimal" -> new BigDecimal(text);
            case "bigint" -> new BigInteger(text);
            case "string" -> text;
            case "uuid" -> UUID.fromString(text);
            case "localdatetime" -> LocalDateTime.parse(text);
            case "offsetdatetime" -> OffsetDateTime.parse(text);
            case "localdate" -> LocalDate.parse(text);
            case "instant" -> Instant.parse(text);
            default -> throw new IllegalArgumentException("unknown cursor value type " + typed.get(0));
        };
    }
}
