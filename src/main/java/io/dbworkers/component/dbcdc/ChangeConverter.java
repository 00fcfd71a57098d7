package io.dbworkers.component.dbcdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/**
 * Turns Debezium's change envelope ({@code op}, {@code before}, {@code after}, {@code source}) into a
 * {@link DatabaseChange} whose values are plain Java values with a stable JSON form, the same types db-poll reads:
 * numbers, BigDecimal, String, Boolean, byte[], UUID and java.time (TIMESTAMP as LocalDateTime, TIMESTAMPTZ as
 * OffsetDateTime, DATE as LocalDate, TIME as LocalTime).
 */
final class ChangeConverter {

    private ChangeConverter() {
    }

    /** The change the record carries, or null for records that are no row change (heartbeats, truncates, ...). */
    static DatabaseChange toChange(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null
                || value.schema().field("source") == null) {
            return null;
        }
        ChangeType type = changeType(value.getString("op"));
        if (type == null) {
            return null;
        }
        Struct source = value.getStruct("source");
        boolean binlog = source.schema().field("file") != null;
        String schema = binlog ? source.getString("db") : source.getString("schema");
        Map<String, Object> key = record.key() instanceof Struct k ? row(k) : Map.of();
        Long ts = source.getInt64("ts_ms");
        SourcePosition position = binlog
                ? new SourcePosition("binlog", source.getString("file") + ":" + source.getInt64("pos"))
                : new SourcePosition("pgoutput", String.valueOf(source.getInt64("lsn")));
        return new DatabaseChange(schema, source.getString("table"), type, key, row(value.getStruct("after")),
                row(value.getStruct("before")), ts == null ? null : Instant.ofEpochMilli(ts), position);
    }

    private static ChangeType changeType(String op) {
        if (op == null) {
            return null;
        }
        switch (op) {
            case "c":
                return ChangeType.INSERT;
            case "u":
                return ChangeType.UPDATE;
            case "d":
                return ChangeType.DELETE;
            case "r":
                return ChangeType.READ;
            default:
                return null;
        }
    }

    private static Map<String, Object> row(Struct struct) {
        if (struct == null) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            row.put(field.name(), value(field.schema(), struct.get(field)));
        }
        return row;
    }

    static Object value(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema.name();
        if (name != null) {
            Object logical = logical(name, value);
            if (logical != null) {
                return logical;
            }
        }
        if (value instanceof Struct struct) {
            return row(struct);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            for (Object element : list) {
                converted.add(value(schema.valueSchema(), element));
            }
            return converted;
        }
        return value;
    }

    /** The value of a Debezium or Kafka Connect semantic type, or null when the name is not one of them. */
    private static Object logical(String name, Object value) {
        switch (name) {
            case "io.debezium.time.Date":
                return LocalDate.ofEpochDay(((Number) value).longValue());
            case "io.debezium.time.Time":
                return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
            case "io.debezium.time.MicroTime":
                return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L);
            case "io.debezium.time.NanoTime":
                return LocalTime.ofNanoOfDay(((Number) value).longValue());
            case "io.debezium.time.Timestamp":
                return utc(Instant.ofEpochMilli(((Number) value).longValue()));
            case "io.debezium.time.MicroTimestamp":
                return utc(micros(((Number) value).longValue(), 1_000_000L));
            case "io.debezium.time.NanoTimestamp":
                return utc(micros(((Number) value).longValue(), 1_000_000_000L));
            case "io.debezium.time.ZonedTimestamp":
                return OffsetDateTime.parse((String) value);
            case "io.debezium.time.ZonedTime":
                return OffsetTime.parse((String) value);
            case "org.apache.kafka.connect.data.Date":
                return LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case "org.apache.kafka.connect.data.Time":
                return LocalTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case "org.apache.kafka.connect.data.Timestamp":
                return utc(((java.util.Date) value).toInstant());
            case "io.debezium.data.Uuid":
                return UUID.fromString((String) value);
            case "io.debezium.data.VariableScaleDecimal":
                Struct decimal = (Struct) value;
                return new BigDecimal(new BigInteger(decimal.getBytes("value")), decimal.getInt32("scale"));
            default:
                // Decimal arrives as BigDecimal already; Json, Xml, Enum and the like are their text
                return null;
        }
    }

    /** Debezium writes a timestamp without time zone as if it were UTC. */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant micros(long value, long perSecond) {
        long seconds = Math.floorDiv(value, perSecond);
        long fraction = Math.floorMod(value, perSecond);
        return Instant.ofEpochSecond(seconds, fraction * (1_000_000_000L / perSecond));
    }
}
