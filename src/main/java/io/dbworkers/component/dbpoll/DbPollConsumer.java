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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.config.ConfigurationException;

/**
 * Reads each table in pages ordered by (timestamp, key), hands every page to the route, and saves the cursor once the
 * route has completed the exchanges of the page. A failed exchange stops the page there: the rows after it are read
 * again on the next poll.
 */
public class DbPollConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DbPollConsumer.class);

    private final DbPollEndpoint endpoint;
    private final List<TableState> tables = new ArrayList<>();
    private StateRepository<String, String> offsets;
    /** When a poll last read every table to its end without a failed exchange, for {@link #lag()}. */
    private volatile long caughtUpAt = System.currentTimeMillis();

    /** One polled table and where it stands. Only the polling thread touches it. */
    private static final class TableState {
        final PolledTable table;
        final Watermark watermark;
        final String offsetKey;
        Cursor cursor;

        TableState(PolledTable table, Watermark watermark, String offsetKey, Cursor cursor) {
            this.table = table;
            this.watermark = watermark;
            this.offsetKey = offsetKey;
            this.cursor = cursor;
        }
    }

    private record Row(Map<String, Object> data, Object timestamp, List<Object> key, Object created,
                       Object softDelete) {
    }

    public DbPollConsumer(DbPollEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        DataSource dataSource = endpoint.getDataSource();
        if (dataSource == null) {
            throw new ConfigurationException("dataSource", "no DataSource for " + where() + " (set dataSource=#name)");
        }
        if (endpoint.getBatchSize() < 1) {
            throw new ConfigurationException("batchSize", endpoint.getBatchSize() + " must be 1 or more");
        }
        String mode = endpoint.getWatermark();
        if (!List.of(Watermark.AUTO, Watermark.TRANSACTIONS, Watermark.LAG).contains(mode)) {
            throw new ConfigurationException("watermark", "'" + mode + "' is not one of auto, transactions, lag");
        }
        offsets = endpoint.resolveOffsetStore();
        ServiceHelper.startService(offsets);
        tables.clear();
        try (Connection connection = dataSource.getConnection()) {
            for (String name : endpoint.getTables().split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                PolledTable table = PolledTable.resolve(connection, name.trim(), endpoint);
                if (!table.timestamp.isTemporal()) {
                    throw new ConfigurationException("timestampColumn", "'" + table.timestamp.name() + "' in "
                            + where() + " is " + table.timestamp.typeName() + "; it must be a date/time column");
                }
                Watermark watermark = Watermark.choose(connection, table.dialect, mode,
                        Duration.ofMillis(endpoint.getSafetyLag()), "db-poll:" + table.reportedTable);
                String key = (endpoint.getOffsetKey() == null ? "" : endpoint.getOffsetKey() + ":")
                        + (table.reportedSchema == null ? "" : table.reportedSchema + ".") + table.reportedTable;
                Cursor cursor = Cursor.fromJson(offsets.getState(key));
                LOG.info("db-poll {}: watermark {}, resuming {}", key, watermark.describe(),
                        cursor.isStart() ? "from the first row" : "after " + cursor.timestamp() + " " + cursor.key());
                tables.add(new TableState(table, watermark, key, cursor));
            }
        }
        super.doStart();
    }

    /**
     * How far behind this consumer is: the time since a poll last read every table to its end with every exchange
     * completed. Zero-ish while it keeps up; it grows while the route fails, the database is unreachable, or the
     * tables change faster than they are read.
     */
    public Duration lag() {
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - caughtUpAt));
    }

    @Override
    protected int poll() throws Exception {
        long started = System.currentTimeMillis();
        int total = 0;
        boolean caughtUp = true;
        for (TableState state : tables) {
            int read;
            do {
                read = pollPage(state);
                total += Math.max(read, 0);
            } while (read >= endpoint.getBatchSize() && isRunAllowed());
            caughtUp &= read >= 0 && read < endpoint.getBatchSize();
        }
        if (caughtUp) {
            caughtUpAt = started;
        }
        return total;
    }

    /** Reads and delivers one page; returns how many rows it read, or -1 when an exchange failed. */
    private int pollPage(TableState state) throws SQLException {
        List<Row> rows;
        try (Connection connection = endpoint.getDataSource().getConnection()) {
            rows = read(connection, state);
        }
        if (rows.isEmpty()) {
            return 0;
        }
        Duration lookBack = state.watermark.lookBack();
        Cursor cursor = state.cursor;
        boolean failed = false;
        if (endpoint.isBatch()) {
            List<DatabaseChange> changes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                changes.add(toChange(state.table, row));
            }
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(changes);
            exchange.getMessage().setHeader(DbPollConstants.TABLE, qualified(state.table));
            exchange.getMessage().setHeader(DbPollConstants.BATCH_SIZE, changes.size());
            failed = !deliver(exchange);
            if (!failed) {
                for (Row row : rows) {
                    cursor = cursor.advance(row.timestamp(), row.key(), lookBack);
                }
            }
        } else {
            for (Row row : rows) {
                DatabaseChange change = toChange(state.table, row);
                Exchange exchange = createExchange(false);
                exchange.getMessage().setBody(change);
                exchange.getMessage().setHeader(DbPollConstants.TABLE, qualified(state.table));
                exchange.getMessage().setHeader(DbPollConstants.CHANGE_TYPE, change.changeType().name());
                if (!deliver(exchange)) {
                    failed = true;
                    break;
                }
                cursor = cursor.advance(row.timestamp(), row.key(), lookBack);
            }
        }
        if (cursor != state.cursor) {
            cursor = cursor.pruned(lookBack);
            offsets.setState(state.offsetKey, cursor.toJson());
            state.cursor = cursor;
        }
        return failed ? -1 : rows.size();
    }

    /** Runs the route for the exchange; true when it completed, dead-letter write included. */
    private boolean deliver(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            getExceptionHandler().handleException("db-poll could not complete an exchange; its offset stays and"
                    + " the change is read again on the next poll", exchange, failure);
        }
        releaseExchange(exchange, false);
        return failure == null;
    }

    private List<Row> read(Connection connection, TableState state) throws SQLException {
        PolledTable table = state.table;
        Cursor cursor = state.cursor;
        int limit = endpoint.getBatchSize();
        // in transactions mode the bound is read first, in its own statement, so that the data query's snapshot
        // is taken later and holds every transaction that started before the bound
        Object bound = state.watermark.bound(connection);
        Duration lookBack = state.watermark.lookBack();
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

    private List<Row> query(Connection connection, PolledTable table, String sql, List<Object> params, int limit)
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
                List<PolledTable.Column> selected = table.selected;
                while (rs.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int c = 0; c < selected.size(); c++) {
                        values.put(selected.get(c).reportedName(), ColumnValues.read(rs, c + 1, selected.get(c)));
                    }
                    rows.add(toRow(table, values));
                }
            }
        }
        return rows;
    }

    private static Row toRow(PolledTable table, Map<String, Object> values) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (PolledTable.Column c : table.dataColumns) {
            data.put(c.reportedName(), values.get(c.reportedName()));
        }
        List<Object> key = new ArrayList<>(table.keys.size());
        for (PolledTable.Column k : table.keys) {
            key.add(values.get(k.reportedName()));
        }
        return new Row(data, values.get(table.timestamp.reportedName()), key,
                table.created == null ? null : values.get(table.created.reportedName()),
                table.softDelete == null ? null : values.get(table.softDelete.reportedName()));
    }

    private static DatabaseChange toChange(PolledTable table, Row row) {
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
        return new DatabaseChange(table.reportedSchema, table.reportedTable, type, key,
                deleted ? null : row.data(), deleted ? row.data() : null, instant(row.timestamp()),
                new SourcePosition("poll", row.timestamp() + "|" + row.key()));
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof LocalDateTime t) {
            return t.atZone(ZoneId.systemDefault()).toInstant();
        }
        if (timestamp instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (timestamp instanceof LocalDate d) {
            return d.atStartOfDay(ZoneId.systemDefault()).toInstant();
        }
        return timestamp instanceof Instant i ? i : null;
    }

    private static String qualified(PolledTable table) {
        return table.reportedSchema == null ? table.reportedTable : table.reportedSchema + "." + table.reportedTable;
    }

    private String where() {
        return "db-poll:" + endpoint.getTables();
    }
}
