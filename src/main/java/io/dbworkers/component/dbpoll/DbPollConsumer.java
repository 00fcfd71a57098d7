package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.support.ConsumerMetrics;

/**
 * Reads each table in pages ordered by (timestamp, key), hands every page to the route, and saves the cursor once the
 * route has completed the exchanges of the page. A failed exchange stops the page there: it and the rows after it are
 * read again on a later poll, after a delay that doubles with each poll that failed again (up to 10 s).
 */
public class DbPollConsumer extends ScheduledPollConsumer implements ConsumerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(DbPollConsumer.class);
    private static final long MAX_RETRY_DELAY_MS = 10_000;

    private final DbPollEndpoint endpoint;
    private final List<TableState> tables = new ArrayList<>();
    private StateRepository<String, String> offsets;
    private ExecutorService prefetch;
    /** When a poll last read every table to its end without a failed exchange, for {@link #lag()}. */
    private volatile long caughtUpAt = System.currentTimeMillis();
    /** consecutive polls with a failed exchange, and when the next attempt may be made: the delay doubles per failure */
    private int failures;
    private long retryAt;

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
        prefetch = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "db-poll-prefetch");
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

    /** {@code poll_lag_seconds}: {@link #lag()}. */
    @Override
    public List<Gauge> gauges() {
        return List.of(new Gauge("poll_lag_seconds", Map.of(), lag().toMillis() / 1000.0));
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (prefetch != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(prefetch);
            prefetch = null;
        }
    }

    @Override
    protected int poll() throws Exception {
        long started = System.currentTimeMillis();
        if (started < retryAt) {
            // an exchange failed lately (e.g. the dead-letter target is down): wait longer before trying it again
            return 0;
        }
        int total = 0;
        boolean caughtUp = true;
        boolean failed = false;
        for (TableState state : tables) {
            TablePoll result = pollTable(state);
            total += result.delivered();
            caughtUp &= result.caughtUp();
            failed |= result.failed();
        }
        if (caughtUp) {
            caughtUpAt = started;
        }
        if (failed) {
            failures = Math.min(failures + 1, 16);
            retryAt = System.currentTimeMillis() + Math.min(MAX_RETRY_DELAY_MS, getDelay() << failures);
        } else {
            failures = 0;
            retryAt = 0;
        }
        return total;
    }

    /**
     * Reads and delivers the table's pages until one is not full. In transactions mode the next page is read while
     * the route works on the current one; it is thrown away if the current one fails.
     */
    private TablePoll pollTable(TableState state) throws Exception {
        int total = 0;
        List<PageReader.Row> page = fetch(state, state.cursor);
        while (!page.isEmpty()) {
            boolean full = page.size() >= endpoint.getBatchSize();
            Future<List<PageReader.Row>> next = null;
            if (full && state.watermark.lookBack() == null) {
                PageReader.Row last = page.get(page.size() - 1);
                Cursor after = new Cursor(last.timestamp(), last.key(), Map.of());
                next = prefetch.submit(() -> fetch(state, after));
            }
            int delivered = deliverPage(state, page);
            boolean more = delivered >= 0 && full && isRunAllowed();
            if (!more) {
                if (next != null) {
                    next.cancel(false);
                }
                return new TablePoll(Math.max(delivered, 0) + total, delivered >= 0 && !full, delivered < 0);
            }
            total += delivered;
            page = next != null ? next.get() : fetch(state, state.cursor);
        }
        return new TablePoll(total, true, false);
    }

    /** What one poll of a table did: rows delivered, whether it read the table to its end, whether an exchange failed. */
    private record TablePoll(int delivered, boolean caughtUp, boolean failed) {
    }

    private List<PageReader.Row> fetch(TableState state, Cursor cursor) throws SQLException {
        try (Connection connection = endpoint.getDataSource().getConnection()) {
            return PageReader.read(connection, state.table, state.watermark, cursor, endpoint.getBatchSize());
        }
    }

    /** Delivers one page; returns how many rows it delivered, or -1 when an exchange failed. */
    private int deliverPage(TableState state, List<PageReader.Row> rows) {
        Duration lookBack = state.watermark.lookBack();
        Cursor cursor = state.cursor;
        boolean failed = false;
        if (endpoint.isBatch()) {
            List<DatabaseChange> changes = new ArrayList<>(rows.size());
            for (PageReader.Row row : rows) {
                changes.add(PageReader.toChange(state.table, row));
            }
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(changes);
            exchange.getMessage().setHeader(DbPollConstants.TABLE, qualified(state.table));
            exchange.getMessage().setHeader(DbPollConstants.BATCH_SIZE, changes.size());
            failed = !deliver(exchange);
            if (!failed && lookBack == null) {
                // pages come in cursor order: the last row is where the table stands now
                PageReader.Row last = rows.get(rows.size() - 1);
                cursor = new Cursor(last.timestamp(), last.key(), Map.of());
            } else if (!failed) {
                for (PageReader.Row row : rows) {
                    cursor = cursor.advance(row.timestamp(), row.key(), lookBack);
                }
            }
        } else {
            for (PageReader.Row row : rows) {
                DatabaseChange change = PageReader.toChange(state.table, row);
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

    private static String qualified(PolledTable table) {
        return table.reportedSchema == null ? table.reportedTable : table.reportedSchema + "." + table.reportedTable;
    }

    private String where() {
        return "db-poll:" + endpoint.getTables();
    }
}
