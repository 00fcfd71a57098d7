package io.dbworkers.change;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change to one row, the same for every capture mode of db-workers (table polling, logical decoding, binlog,
 * PgQ), after Debezium's {@code Envelope}. Immutable; the maps keep the table's column order. Maps given to the
 * constructor are copied, except unmodifiable views ({@link Collections#unmodifiableMap}), which the caller must not
 * change afterwards.
 *
 * @param schema     the schema (PostgreSQL) or database (MariaDB/MySQL) of the table; null when the source has none
 * @param table      the table name, never null
 * @param changeType what happened, never null
 * @param primaryKey the key columns and their values, never null (empty only for a keyless table)
 * @param newData    the row after the change; null for {@link ChangeType#DELETE} when the source cannot know it
 * @param oldData    the row before the change; null when the source cannot know it (always null for polling, and for
 *                   INSERT and READ)
 * @param timestamp  when the change happened, as the source says (the row's timestamp column for polling, the commit
 *                   time for log-based capture); null when unknown
 * @param source     where the change was read from, never null
 */
public record DatabaseChange(
        String schema,
        String table,
        ChangeType changeType,
        Map<String, Object> primaryKey,
        Map<String, Object> newData,
        Map<String, Object> oldData,
        Instant timestamp,
        SourcePosition source) {

    public DatabaseChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(source, "source");
        primaryKey = primaryKey == null ? Map.of() : frozen(primaryKey);
        newData = newData == null ? null : frozen(newData);
        oldData = oldData == null ? null : frozen(oldData);
    }

    /** The table name qualified by its schema when there is one, e.g. {@code public.orders}. */
    public String qualifiedTable() {
        return schema == null ? table : schema + "." + table;
    }

    /** The row as it is now: {@link #newData()} unless the row was deleted, then {@link #oldData()}. */
    public Map<String, Object> row() {
        return newData != null ? newData : oldData;
    }

    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    /**
     * An unmodifiable copy; a map that is already an unmodifiable view is kept as it is (the capture modes build
     * their maps for the change and never touch them again, and this saves two copies a row).
     */
    private static Map<String, Object> frozen(Map<String, Object> map) {
        if (map.getClass() == UNMODIFIABLE) {
            return map;
        }
        // LinkedHashMap keeps column order and, unlike Map.copyOf, allows SQL NULL values
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
