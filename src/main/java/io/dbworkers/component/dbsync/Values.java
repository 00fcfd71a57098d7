package io.dbworkers.component.dbsync;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.dbworkers.sql.PortableType;

/**
 * Column values read into one Java form per portable kind, the same whichever database they come from, so that a
 * source row and a target row compare equal when they hold the same data: integers as Long, DECIMAL as BigDecimal,
 * BOOLEAN as Boolean, TIMESTAMP as LocalDateTime, TIMESTAMPTZ as OffsetDateTime in UTC (MariaDB sessions run in UTC),
 * DATE/TIME as LocalDate/LocalTime, BINARY as byte[], everything else as String.
 */
final class Values {

    private Values() {
    }

    static Object read(ResultSet rs, int index, PortableType type) throws SQLException {
        Object value = switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> rs.getLong(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case REAL -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMPTZ -> timestampTz(rs, index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case BINARY -> rs.getBytes(index);
            default -> rs.getString(index);
        };
        return rs.wasNull() ? null : value;
    }

    private static OffsetDateTime timestampTz(ResultSet rs, int index) throws SQLException {
        try {
            OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
            return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
        } catch (SQLException e) {
            // MariaDB's timestamp has no offset: the session runs in UTC, so the local value is UTC
            LocalDateTime local = rs.getObject(index, LocalDateTime.class);
            return local == null ? null : local.atOffset(ZoneOffset.UTC);
        }
    }

    /**
     * The value to write into a column of the target's kind: a TIMESTAMPTZ becomes a UTC LocalDateTime for a MariaDB
     * datetime, a BOOLEAN a 0/1 for a tinyint, an integer a Boolean for a boolean.
     */
    static Object convert(Object value, PortableType.Kind target) {
        if (value == null) {
            return null;
        }
        return switch (target) {
            case TIMESTAMP -> value instanceof OffsetDateTime o ? o.withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime() : value;
            case TIMESTAMPTZ -> value instanceof LocalDateTime l ? l.atOffset(ZoneOffset.UTC) : value;
            case BOOLEAN -> value instanceof Number n ? n.longValue() != 0 : value;
            case SMALLINT, INTEGER, BIGINT -> value instanceof Boolean b ? (b ? 1L : 0L) : value;
            case DECIMAL -> value instanceof Long l ? BigDecimal.valueOf(l) : value;
            case JSON, JSONB, TEXT, VARCHAR, CHAR, UUID -> value instanceof byte[] || value instanceof String ? value
                    : value.toString();
            default -> value;
        };
    }

    /** Whether two values read by {@link #read} (and converted to the same kind) hold the same data. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.isEqual(y);
        }
        if (a instanceof Number x && b instanceof Number y
                && !(a instanceof BigDecimal) && !(b instanceof BigDecimal)) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    static boolean sameRow(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Compares two key values of the same kind: numbers by value, everything else by its natural or text order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof BigDecimal || b instanceof BigDecimal)) {
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
