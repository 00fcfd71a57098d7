package io.dbworkers.component.dbsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dbworkers.component.dbwrite.RejectedRow;
import io.dbworkers.component.dbwrite.RowWriter;
import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.PortableType;

/**
 * Writes one chunk of source rows (values read by {@link Values}) to the target in the caller's transaction. Unless
 * the target was truncated, the chunk's target rows are read first: a row that is not there is inserted, an equal row
 * is left alone, a different one is updated, unless the target changed it since the last sync: then the conflict
 * policy decides. A soft-deleted source row deletes the target row. When the database refuses a value, the chunk is
 * rolled back and written again by db-write's bisecting writer: the good rows are committed, each bad one goes to
 * {@link RejectedRows} with the reason.
 */
final class ChunkWriter {

    private static final int KEYS_PER_LOOKUP = 1000;

    /** A write deferred until after the chunk's rows. */
    private interface SqlAction {
        void run() throws SQLException;
    }

    private final SyncTable table;
    private final SyncSpec spec;
    private final RowWriter plain;
    private final RowWriter upsert;
    private final Conflicts conflicts;
    private final RejectedRows rejectedRows;
    /** the highest source timestamp of the previous sync, converted to the target's kind; null: no conflicts yet */
    private Object watermark;
    private boolean readTarget = true;

    ChunkWriter(Connection target, SyncTable table, SyncSpec spec, Conflicts conflicts, RejectedRows rejectedRows,
            Object watermark) throws SQLException {
        this.table = table;
        this.spec = spec;
        String schema = table.target.schema();
        boolean postgres = table.targetDialect() == Dialect.POSTGRESQL;
        this.plain = RowWriter.open(target, table.target.name(), schema, table.targetNames(),
                postgres ? "copy" : "insert", spec.batchSize());
        this.upsert = RowWriter.open(target, table.target.name(), schema, table.targetNames(), "upsert",
                spec.batchSize());
        this.conflicts = conflicts;
        this.rejectedRows = rejectedRows;
        this.watermark = watermark;
    }

    /**
     * Whether target rows are read before writing (to count updates, detect conflicts and skip unchanged rows); not
     * when the target was empty when the sync began: then every row is new and goes in by COPY or plain INSERT.
     */
    void readTarget(boolean read) {
        this.readTarget = read;
    }

    /** Sets the highest source timestamp of the previous sync (target form): target rows newer than it conflict. */
    void watermark(Object value) {
        this.watermark = value;
    }

    /**
     * Writes the chunk. {@code idempotent} writes even a truncated target by upsert (the first chunk after a resume may
     * be there already). Returns normally with the chunk written, or with its good rows committed and the bad ones
     * rejected; the caller then saves its state and commits.
     */
    void write(Connection target, List<List<Object>> sourceRows, boolean idempotent, SyncResult result)
            throws Exception {
        List<List<Object>> rows = new ArrayList<>(sourceRows.size());
        List<List<Object>> deletes = new ArrayList<>();
        for (List<Object> source : sourceRows) {
            List<Object> row = new ArrayList<>(source.size());
            for (int i = 0; i < source.size(); i++) {
                row.add(Values.convert(source.get(i), table.targetColumns.get(i).type().kind()));
            }
            (softDeleted(row) ? deletes : rows).add(row);
        }
        result.rowsSynced.addAndGet(sourceRows.size());
        // null: every row is new (the target was empty), so no map of 10,000 entries per chunk to say so
        Map<List<Object>, Boolean> inserts = readTarget ? new IdentityHashMap<>() : null;
        List<SqlAction> conflictRecords = new ArrayList<>();
        List<List<Object>> writes = readTarget ? decide(target, rows, inserts, conflictRecords, result) : rows;
        RowWriter writer = readTarget || idempotent ? upsert : plain;
        Map<List<Object>, Boolean> bad = new IdentityHashMap<>();
        try {
            writer.send(target, writes);
        } catch (SQLException e) {
            if (!RowWriter.isDataError(e)) {
                throw e;
            }
            target.rollback();
            rejectOnes(target, writes, bad, result);
        }
        for (List<Object> w : writes) {
            if (!bad.containsKey(w)) {
                (inserts == null || inserts.containsKey(w) ? result.inserted : result.updated).incrementAndGet();
            }
        }
        // after the rows, so that a bisected chunk does them once, in the transaction the caller commits
        delete(target, deletes, result);
        for (SqlAction record : conflictRecords) {
            record.run();
        }
    }

    private void rejectOnes(Connection target, List<List<Object>> writes, Map<List<Object>, Boolean> bad,
            SyncResult result) throws Exception {
        RowWriter.Result outcome = upsert.writeBisecting(target, writes, writes);
        for (RejectedRow r : outcome.rejected()) {
            @SuppressWarnings("unchecked")
            List<Object> row = (List<Object>) r.row();
            bad.put(row, Boolean.TRUE);
            result.rejected.incrementAndGet();
            rejectedRows.rejected(table.target.name(), keyMap(row), rowMap(row), r.error());
        }
    }

    private List<List<Object>> decide(Connection target, List<List<Object>> rows, Map<List<Object>, Boolean> inserts,
            List<SqlAction> conflictRecords, SyncResult result) throws SQLException {
        Map<String, List<Object>> existing = read(target, rows);
        List<List<Object>> writes = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> current = existing.get(Keys.identity(row, table.key));
            if (current == null) {
                inserts.put(row, Boolean.TRUE);
                writes.add(row);
            } else if (Values.sameRow(row, current)) {
                result.unchanged.incrementAndGet();
            } else if (!changedAtTarget(row, current)) {
                writes.add(row);
            } else {
                result.conflicts.incrementAndGet();
                if (resolve(target, row, current, conflictRecords)) {
                    writes.add(row);
                } else {
                    result.unchanged.incrementAndGet();
                }
            }
        }
        return writes;
    }

    /** Whether the target changed the row since the last sync: a newer timestamp, or a version not behind. */
    private boolean changedAtTarget(List<Object> source, List<Object> current) {
        int ts = table.timestamp;
        if (ts >= 0 && watermark != null && current.get(ts) != null
                && Values.compare(current.get(ts), watermark) > 0) {
            return true;
        }
        int v = table.version;
        return v >= 0 && current.get(v) != null && source.get(v) != null
                && Values.compare(current.get(v), source.get(v)) >= 0;
    }

    /** Applies the policy to a conflicting row; true when the source row is to be written. */
    private boolean resolve(Connection target, List<Object> source, List<Object> current,
            List<SqlAction> conflictRecords) {
        switch (spec.conflict()) {
            case SOURCE_WINS:
                return true;
            case TARGET_WINS:
                return false;
            case NEWEST_WINS:
                Object s = source.get(table.timestamp);
                Object t = current.get(table.timestamp);
                return t == null || s != null && Values.compare(s, t) >= 0;
            default:
                String reason = table.timestamp >= 0 && watermark != null
                        && Values.compare(current.get(table.timestamp), watermark) > 0
                        ? "target row changed at " + current.get(table.timestamp) + ", after the last sync ("
                          + watermark + ")"
                        : "target version " + current.get(table.version) + " is not older than the source's "
                          + source.get(table.version);
                conflictRecords.add(() -> conflicts.record(target, table.target.name(), keyMap(source),
                        rowMap(source), rowMap(current), reason));
                return false;
        }
    }

    private Map<String, List<Object>> read(Connection target, List<List<Object>> rows) throws SQLException {
        Map<String, List<Object>> existing = new HashMap<>();
        List<String> quotedKey = table.quotedKey(table.target, table.targetColumns);
        for (int from = 0; from < rows.size(); from += KEYS_PER_LOOKUP) {
            List<List<Object>> part = rows.subList(from, Math.min(rows.size(), from + KEYS_PER_LOOKUP));
            String sql = "SELECT " + table.quotedTargetColumns() + " FROM " + table.target.quoted() + " WHERE "
                    + Keys.in(quotedKey, part.size());
            try (PreparedStatement ps = target.prepareStatement(sql)) {
                Keys.bindIn(ps, part, table.key, table.targetColumns, table.targetDialect());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>(table.targetColumns.size());
                        for (int i = 0; i < table.targetColumns.size(); i++) {
                            row.add(Values.read(rs, i + 1, table.targetColumns.get(i).type()));
                        }
                        existing.put(Keys.identity(row, table.key), row);
                    }
                }
            }
        }
        return existing;
    }

    /** Deletes the target rows with these rows' keys, in the current transaction. */
    void delete(Connection target, List<List<Object>> rows, SyncResult result) throws SQLException {
        result.deleted.addAndGet(Keys.delete(target, table, rows));
    }

    private boolean softDeleted(List<Object> row) {
        if (table.softDelete < 0) {
            return false;
        }
        Object v = row.get(table.softDelete);
        return v instanceof Boolean b ? b : v != null;
    }

    Map<String, Object> keyMap(List<Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int k : table.key) {
            key.put(table.targetColumns.get(k).name(), row.get(k));
        }
        return key;
    }

    Map<String, Object> rowMap(List<Object> row) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<PortableType.Column> columns = table.targetColumns;
        for (int i = 0; i < columns.size(); i++) {
            map.put(columns.get(i).name(), row.get(i));
        }
        return map;
    }
}
