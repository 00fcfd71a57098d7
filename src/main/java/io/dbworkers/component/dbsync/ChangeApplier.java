package io.dbworkers.component.dbsync;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;

/**
 * Incremental sync: applies a batch of changes (from db-poll by timestampColumn, or db-cdc) to the target in one
 * transaction with the conflict policy, together with the highest source timestamp seen in the sync state. A DELETE
 * change (db-cdc, or db-poll's softDeleteColumn) deletes the target row. The poller's offset advances after this
 * commit, when the exchange completes.
 */
final class ChangeApplier {

    private final DataSource source;
    private final DataSource target;
    private final SyncSpec spec;
    private final RejectedRows rejected;
    private SyncTable table;
    private SyncState state;
    private ChunkWriter writer;

    ChangeApplier(DataSource source, DataSource target, SyncSpec spec, RejectedRows rejected) {
        this.source = source;
        this.target = target;
        this.spec = spec;
        this.rejected = rejected;
    }

    void start() throws Exception {
        try (Connection src = Sessions.open(source); Connection tgt = Sessions.open(target)) {
            table = SyncTable.resolve(src, tgt, spec);
            src.commit();
            state = new SyncState(tgt, FullSync.stateName(table));
            writer = new ChunkWriter(tgt, table, spec, new Conflicts(tgt), rejected, null);
            tgt.commit();
        }
    }

    synchronized SyncResult apply(List<DatabaseChange> changes) throws Exception {
        long start = System.nanoTime();
        SyncResult result = new SyncResult();
        try (Connection tgt = Sessions.open(target)) {
            SyncState.State saved = state.load(tgt);
            String previous = saved == null ? null : saved.lastTimestamp();
            writer.watermark(Watermarks.parse(previous, table));
            List<List<Object>> rows = new ArrayList<>();
            List<List<Object>> deletes = new ArrayList<>();
            Object max = Watermarks.parseSource(previous, table);
            for (DatabaseChange change : changes) {
                boolean delete = change.changeType() == ChangeType.DELETE;
                List<Object> row = row(delete ? keyOf(change) : change.newData());
                (delete ? deletes : rows).add(row);
                if (table.timestamp >= 0 && row.get(table.timestamp) != null) {
                    Object ts = row.get(table.timestamp);
                    max = max == null || Values.compare(ts, max) > 0 ? ts : max;
                }
            }
            writer.write(tgt, rows, true, result);
            writer.delete(tgt, deletes, result);
            result.rowsSynced.addAndGet(deletes.size());
            state.save(tgt, new SyncState.State(saved == null ? SyncState.DONE : saved.status(),
                    saved == null ? null : saved.lastKey(), (saved == null ? 0 : saved.rowsDone()) + changes.size(),
                    max == null ? null : text(max)));
            tgt.commit();
        }
        result.duration(java.time.Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    private static Map<String, Object> keyOf(DatabaseChange change) {
        Map<String, Object> key = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (change.oldData() != null) {
            key.putAll(change.oldData());
        }
        if (change.primaryKey() != null) {
            key.putAll(change.primaryKey());
        }
        return key;
    }

    /** The change's data in source column order, each value in the form {@link Values#read} gives. */
    private List<Object> row(Map<String, Object> data) {
        Map<String, Object> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (data != null) {
            byName.putAll(data);
        }
        List<Object> row = new ArrayList<>(table.sourceColumns.size());
        for (PortableType.Column c : table.sourceColumns) {
            row.add(normalize(byName.get(c.name()), c.type().kind()));
        }
        return row;
    }

    static Object normalize(Object v, Kind kind) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT -> v instanceof Number n ? (Object) n.longValue()
                    : v instanceof Boolean b ? (Object) (b ? 1L : 0L) : Long.valueOf(v.toString());
            case DECIMAL -> v instanceof BigDecimal d ? d : v instanceof BigInteger i ? new BigDecimal(i)
                    : new BigDecimal(v.toString());
            case BOOLEAN -> v instanceof Boolean ? v : v instanceof Number n ? (Object) (n.longValue() != 0)
                    : (Object) ("t".equals(v) || "true".equalsIgnoreCase(v.toString()) || "1".equals(v));
            case TIMESTAMPTZ -> v instanceof Instant i ? i.atOffset(ZoneOffset.UTC)
                    : v instanceof OffsetDateTime o ? o.withOffsetSameInstant(ZoneOffset.UTC)
                    : v instanceof ZonedDateTime z ? z.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)
                    : v instanceof LocalDateTime l ? l.atOffset(ZoneOffset.UTC) : v;
            case TIMESTAMP -> v instanceof java.sql.Timestamp t ? t.toLocalDateTime() : v;
            case REAL, DOUBLE, BINARY, DATE, TIME -> v;
            default -> v instanceof Map || v instanceof Collection ? ChangeJson.toJson(v) : v.toString();
        };
    }

    private static String text(Object value) {
        return value.toString();
    }
}
