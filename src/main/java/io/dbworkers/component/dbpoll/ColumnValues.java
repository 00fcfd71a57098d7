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

    private static final int OTHER = 0;
    private static final int LOCAL_DATE_TIME = 1;
    private static final int OFFSET_DATE_TIME = 2;
    private static final int DATE = 3;
    private static final int TIME = 4;
    private static final int LONG = 5;
    private static final int INT = 6;
    private static final int STRING = 7;
    private static final int DECIMAL = 8;
    private static final int DOUBLE = 9;
    private static final int FLOAT = 10;
    private static final int BOOLEAN = 11;

    /** How a column's values are read, decided once per column rather than once per value. */
    static int reader(PolledTable.Column column) {
        return switch (column.sqlType()) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> column.hasOffset() ? OFFSET_DATE_TIME
                    : LOCAL_DATE_TIME;
            case Types.DATE -> DATE;
            case Types.TIME -> TIME;
            case Types.BIGINT -> LONG;
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INT;
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR -> STRING;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.DOUBLE, Types.FLOAT -> DOUBLE;
            case Types.REAL -> FLOAT;
            case Types.BOOLEAN -> BOOLEAN;
            default -> OTHER;
        };
    }

    /** Reads a value with the {@link #reader} of its column. */
    static Object read(ResultSet rs, int index, int reader) throws SQLException {
        // the typed getters skip the drivers' per-call type resolution of getObject: most of a row's cost
        Object value = switch (reader) {
            case LOCAL_DATE_TIME -> rs.getObject(index, LocalDateTime.class);
            case OFFSET_DATE_TIME -> rs.getObject(index, OffsetDateTime.class);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case LONG -> orNull(rs, rs.getLong(index));
            case INT -> orNull(rs, rs.getInt(index));
            case STRING -> rs.getString(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> orNull(rs, rs.getDouble(index));
            case FLOAT -> orNull(rs, rs.getFloat(index));
            case BOOLEAN -> orNull(rs, rs.getBoolean(index));
            default -> rs.getObject(index);
        };
        if (reader != OTHER) {
            // a typed getter returns a plain value, or null
            return value;
        }
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
