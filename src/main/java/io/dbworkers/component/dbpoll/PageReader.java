package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/** Reads pages of a polled table in (timestamp, key) order and turns their rows into changes. */
final class PageReader {

    /** A row as read, with the values the poller needs taken out. */
    record Row(Map<String, Object> data, Object timestamp, List<Object> key, Object created,
                       Object softDelete) {
    }

    /** the zone of date/times without an offset (ZoneId.systemDefault() clones the default TimeZone on every call) */
    private static final ZoneId LOCAL_ZONE = ZoneId.systemDefault();

    private PageReader() {
    }

    /**
     * Reads the next page after the cursor. In transactions mode the bound is read first, in its own statement, so
     * that the data query's snapshot is taken later and holds every transaction that started before the bound. In lag
     * mode the last {@code safetyLag} is read again and only rows not delivered yet are returned.
     */
    static List<Row> read(Connection connection, PolledTable table, Watermark watermark, Cursor cursor, int limit)
            throws SQLException {
        Object bound = watermark.bound(connection);
        Duration lookBack = watermark.lookBack();
        if (lookBack == null) {
            List<Object> params = new ArrayList<>();
            if (!cursor.isStart()) {
                addCursor(params, table, cursor.values());
            }
            params.add(bound);
            return query(connection, table, table.query(!cursor.isStart(), false, true), params, limit);
        }
        // lag mode: read again from (cursor - lag), deliver only the rows not delivered yet
        Object low = cursor.isStart() ? null : Cursor.minus(cursor.timestamp(), lookBack);
        List<Row> fresh = new ArrayList<>();
        Row last = null;
        while (fresh.size() < limit) {
            List<Object> params = new ArrayList<>();
            String sql;
            if (last != null) {
                List<Object> after = new ArrayList<>();
                after.add(last.timestamp());
                after.addAll(last.key());
                addCursor(params, table, after);
                sql = table.query(true, false, false);
            } else {
                if (low != null) {
                    params.add(low);
                }
                sql = table.query(false, low != null, false);
            }
            List<Row> page = query(connection, table, sql, params, limit);
            for (Row row : page) {
                if (!cursor.seen().containsKey(Cursor.seenId(row.timestamp(), row.key()))) {
                    fresh.add(row);
                }
            }
            if (page.size() < limit) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        return fresh;
    }

    private static void addCursor(List<Object> params, PolledTable table, List<Object> values) {
        for (int i : table.dialect.afterParameterOrder(values.size())) {
            params.add(values.get(i));
        }
    }

    private static List<Row> query(Connection connection, PolledTable table, String sql, List<Object> params, int limit)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            ps.setInt(i, limit);
            ps.setFetchSize(Math.min(limit, 10_000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(toRow(rs, table));
                }
            }
        }
        return rows;
    }

    /** Reads one row: its data columns, and the columns the poller itself needs, each read once. */
    private static Row toRow(ResultSet rs, PolledTable table) throws SQLException {
        List<PolledTable.Column> selected = table.selected;
        Object[] values = new Object[selected.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = ColumnValues.read(rs, c + 1, selected.get(c));
        }
        Map<String, Object> data = new LinkedHashMap<>(table.dataColumns.size() * 2);
        for (int c = 0; c < table.dataColumns.size(); c++) {
            data.put(table.dataColumns.get(c).reportedName(), values[c]);
        }
        data = Collections.unmodifiableMap(data);
        List<Object> key = new ArrayList<>(table.keys.size());
        for (int index : table.keyIndexes) {
            key.add(values[index]);
        }
        return new Row(data, values[table.timestampIndex], key,
                table.createdIndex < 0 ? null : values[table.createdIndex],
                table.softDeleteIndex < 0 ? null : values[table.softDeleteIndex]);
    }

    static DatabaseChange toChange(PolledTable table, Row row) {
        ChangeType type;
        boolean deleted = row.softDelete() != null && !Boolean.FALSE.equals(row.softDelete())
                && !(row.softDelete() instanceof Number n && n.intValue() == 0);
        if (deleted) {
            type = ChangeType.DELETE;
        } else if (table.created != null) {
            type = row.timestamp().equals(row.created()) ? ChangeType.INSERT : ChangeType.UPDATE;
        } else {
            type = ChangeType.UPDATE;
        }
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < table.keys.size(); i++) {
            key.put(table.keys.get(i).reportedName(), row.key().get(i));
        }
        key = Collections.unmodifiableMap(key);
        return new DatabaseChange(table.reportedSchema, table.reportedTable, type, key,
                deleted ? null : row.data(), deleted ? row.data() : null, instant(row.timestamp()),
                new SourcePosition("poll", row.timestamp() + "|" + row.key()));
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof LocalDateTime t) {
            return t.atZone(LOCAL_ZONE).toInstant();
        }
        if (timestamp instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (timestamp instanceof LocalDate d) {
            return d.atStartOfDay(LOCAL_ZONE).toInstant();
        }
        return timestamp instanceof Instant i ? i : null;
    }
}
