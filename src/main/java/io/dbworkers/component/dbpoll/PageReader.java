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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGStatement;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/** Reads pages of a polled table in (timestamp, key) order and turns their rows into changes as they are read. */
final class PageReader {

    /**
     * A page: its changes and, at the same index, each row's values as read ({@link PolledTable#selected} order),
     * from which the cursor is taken.
     */
    record Page(List<DatabaseChange> changes, List<Object[]> rows) {

        static final Page EMPTY = new Page(List.of(), List.of());

        int size() {
            return rows.size();
        }

        /** The cursor just after row {@code i}. */
        Cursor cursorAt(PolledTable table, int i) {
            Object[] row = rows.get(i);
            return new Cursor(table.timestampOf(row), table.keyOf(row), Map.of());
        }
    }

    /** the zone of date/times without an offset (ZoneId.systemDefault() clones the default TimeZone on every call) */
    private static final ZoneId LOCAL_ZONE = ZoneId.systemDefault();
    /** the offset of that zone when it has only one (UTC, as in most containers): no zone rules to look up per row */
    private static final ZoneOffset FIXED_OFFSET = LOCAL_ZONE.getRules().isFixedOffset()
            ? LOCAL_ZONE.getRules().getOffset(Instant.EPOCH) : null;

    private PageReader() {
    }

    /**
     * Reads the next page after the cursor in lag mode: the last {@code safetyLag} is read again and only rows not
     * delivered yet are returned.
     */
    static Page readAgain(Connection connection, PolledTable table, Watermark watermark, Cursor cursor, int limit)
            throws SQLException {
        watermark.bound(connection);
        Duration lookBack = watermark.lookBack();
        // lag mode: read again from (cursor - lag), deliver only the rows not delivered yet
        Object low = cursor.isStart() ? null : Cursor.minus(cursor.timestamp(), lookBack);
        List<Object[]> fresh = new ArrayList<>();
        Object[] last = null;
        while (fresh.size() < limit) {
            List<Object> params = new ArrayList<>();
            String sql;
            if (last != null) {
                List<Object> after = new ArrayList<>();
                after.add(table.timestampOf(last));
                after.addAll(table.keyOf(last));
                addCursor(params, table, after);
                sql = table.query(true, false, false);
            } else {
                if (low != null) {
                    params.add(low);
                }
                sql = table.query(false, low != null, false);
            }
            List<Object[]> page = query(connection, table, sql, params, limit);
            for (Object[] row : page) {
                if (!cursor.seen().containsKey(Cursor.seenId(table.timestampOf(row), table.keyOf(row)))) {
                    fresh.add(row);
                }
            }
            if (page.size() < limit) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        return changes(table, fresh);
    }

    /**
     * Reads the rows of the page after the cursor in transactions mode: the bound first, in its own statement, so
     * that the data query's snapshot is taken later and holds every transaction that started before the bound. The
     * rows are decoded here and the connection is given back before the page is delivered, so that a route using the
     * same pool never waits for a page read ahead.
     */
    static List<Object[]> rows(DataSource dataSource, PolledTable table, Watermark watermark, Cursor cursor,
            int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Object> params = new ArrayList<>();
            if (!cursor.isStart()) {
                addCursor(params, table, cursor.values());
            }
            params.add(watermark.bound(connection));
            return query(connection, table, table.query(!cursor.isStart(), false, true), params, limit);
        }
    }

    /** The changes of rows as read, built on the thread that delivers them while the next page is read. */
    static Page changes(PolledTable table, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Page.EMPTY;
        }
        List<DatabaseChange> changes = new ArrayList<>(rows.size());
        PositionText positions = new PositionText();
        for (Object[] row : rows) {
            changes.add(toChange(table, row, positions));
        }
        return new Page(changes, rows);
    }

    private static void addCursor(List<Object> params, PolledTable table, List<Object> values) {
        for (int i : table.dialect.afterParameterOrder(values.size())) {
            params.add(values.get(i));
        }
    }

    private static List<Object[]> query(Connection connection, PolledTable table, String sql, List<Object> params,
            int limit) throws SQLException {
        List<Object[]> rows = new ArrayList<>(Math.min(limit, 10_000));
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = execute(ps, params, limit)) {
            RowDecoder decoder = new RowDecoder(rs, table.readers);
            while (rs.next()) {
                rows.add(decoder.values(rs));
            }
        }
        return rows;
    }

    private static ResultSet execute(PreparedStatement ps, List<Object> params, int limit) throws SQLException {
        if (ps.isWrapperFor(PGStatement.class)) {
            // binary results from the first execution: timestamps and numerics are not parsed from text
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        ps.setInt(i, limit);
        ps.setFetchSize(Math.min(limit, 10_000));
        return ps.executeQuery();
    }

    /** The change of a row as read; its maps are views of the row's values, which nothing changes afterwards. */
    private static DatabaseChange toChange(PolledTable table, Object[] row, PositionText positions) {
        Object timestamp = table.timestampOf(row);
        Object softDelete = table.softDeleteIndex < 0 ? null : row[table.softDeleteIndex];
        boolean deleted = softDelete != null && !Boolean.FALSE.equals(softDelete)
                && !(softDelete instanceof Number n && n.intValue() == 0);
        ChangeType type;
        if (deleted) {
            type = ChangeType.DELETE;
        } else if (table.created != null) {
            type = timestamp.equals(row[table.createdIndex]) ? ChangeType.INSERT : ChangeType.UPDATE;
        } else {
            type = ChangeType.UPDATE;
        }
        Map<String, Object> key = Collections.unmodifiableMap(new RowMap(table.keyNames, table.keyIndexes, row));
        Map<String, Object> data = Collections.unmodifiableMap(new RowMap(table.dataNames, table.dataPositions, row));
        SourcePosition source = new SourcePosition("poll", positions.of(timestamp, row, table.keyIndexes));
        return new DatabaseChange(table.reportedSchema, table.reportedTable, type, key, deleted ? null : data,
                deleted ? data : null, instant(timestamp), source);
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof LocalDateTime t) {
            return FIXED_OFFSET != null ? t.toInstant(FIXED_OFFSET) : t.atZone(LOCAL_ZONE).toInstant();
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
