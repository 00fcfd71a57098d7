package io.dbworkers.component.dbpoll;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

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
import io.dbworkers.offset.OffsetConflictException;
import io.dbworkers.support.ConsumerMetrics;
import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.OutageLog;
import io.dbworkers.support.Problem;

/**
 * Reads each table in pages ordered by (timestamp, key), hands every page to the route, and saves the cursor once the
 * route has completed the exchanges of the page. A failed exchange stops the page there: it and the rows after it are
 * read again on a later poll, after a delay that doubles with each poll that failed again (up to 10 s).
 * <p>
 * Whatever a poll throws, an {@code Error} included, is caught here: Camel's scheduler rethrows an {@code Error},
 * and its executor then never runs the poll again. The failure is logged once per outage ({@link OutageLog}), makes
 * the consumer not ready ({@link #readinessProblem()}), and the poll is tried again with the same backoff.
 */
public class DbPollConsumer extends ScheduledPollConsumer implements ConsumerStatus, ConsumerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(DbPollConsumer.class);
    private static final long MAX_RETRY_DELAY_MS = 10_000;
    /** Health detail keys: {@code watermark.<table>} is the watermark mode in force for each polled table. */
    public static final String WATERMARK_DETAIL = "watermark.";
    /** Health detail key: {@link #lag()} in seconds. */
    public static final String LAG_DETAIL = "lag_seconds";

    private final DbPollEndpoint endpoint;
    private final List<TableState> tables = new ArrayList<>();
    private StateRepository<String, String> offsets;
    private ExecutorService prefetch;
    /** When a poll last read every table to its end without a failed exchange, for {@link #lag()}. */
    private volatile long caughtUpAt = System.currentTimeMillis();
    /** consecutive polls with a failed exchange, and when the next attempt may be made: the delay doubles per failure */
    private int failures;
    private long retryAt;
    private final OutageLog outage;
    private volatile Problem problem;
    /** {@code watermark.<table>} → mode, fixed at start */
    private volatile Map<String, Object> watermarks = Map.of();
    private PausePoint pausePoint;

    public DbPollConsumer(DbPollEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.outage = new OutageLog(LOG, "db-poll " + endpoint.getTables());
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
        Map<String, Object> modes = new LinkedHashMap<>();
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
                modes.put(WATERMARK_DETAIL + table.reportedQualified, watermark.mode());
            }
        }
        watermarks = Map.copyOf(modes);
        problem = null;
        pausePoint = PausePoint.fromEnvironment(LOG);
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

    /**
     * {@code poll_lag_seconds}: {@link #lag()}; {@code poll_watermark_transactions{table}}: 1 where the watermark in
     * force holds back for open transactions, 0 where it fell back to a safety lag (which can miss late commits).
     */
    @Override
    public List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>();
        gauges.add(new Gauge("poll_lag_seconds", Map.of(), lag().toMillis() / 1000.0));
        watermarks.forEach((key, mode) -> gauges.add(new Gauge("poll_watermark_transactions",
                Map.of("table", key.substring(WATERMARK_DETAIL.length())), "transactions".equals(mode) ? 1 : 0)));
        return gauges;
    }

    @Override
    public Problem readinessProblem() {
        return problem;
    }

    /**
     * {@code watermark.<schema.table>}: the watermark mode in force per table ({@code transactions} or {@code lag};
     * with {@code watermark=auto} a capture user without the privilege gets {@code lag}), and {@code lag_seconds}.
     */
    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>(watermarks);
        details.put(LAG_DETAIL, lag().toMillis() / 1000.0);
        return details;
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
    protected int poll() {
        long started = System.currentTimeMillis();
        if (started < retryAt) {
            // a poll failed lately (e.g. the dead-letter target or the database is down): wait longer before retrying
            return 0;
        }
        int total = 0;
        boolean caughtUp = true;
        Throwable failure = null;
        try {
            for (TableState state : tables) {
                if (handingOver()) {
                    caughtUp = false;
                    break;
                }
                TablePoll result = pollTable(state);
                total += result.delivered();
                caughtUp &= result.caughtUp();
                if (result.failure() != null && failure == null) {
                    failure = result.failure();
                }
            }
        } catch (Throwable e) {
            caughtUp = false;
            failure = e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        if (caughtUp) {
            caughtUpAt = started;
        }
        if (failure instanceof OffsetConflictException conflict) {
            resume(conflict);
        }
        if (failure != null && isRunAllowed()) {
            failed(failure);
        } else if (failure == null) {
            failures = 0;
            retryAt = 0;
            problem = null;
            outage.succeeded();
        }
        return total;
    }

    /**
     * Camel's graceful shutdown suspends the consumer and waits for the exchanges in flight: stop after the exchange in
     * hand and save its offset, rather than read page after page of a backlog (a singleton's next leader is waiting).
     */
    private boolean handingOver() {
        return isSuspendingOrSuspended() || isStoppingOrStopped();
    }

    /**
     * Another instance moved the offset (two instances of a singleton route overlapped): go on from its offset, never
     * back from this one's. The rows delivered here since are delivered again by whichever instance leads.
     */
    private void resume(OffsetConflictException conflict) {
        for (TableState state : tables) {
            if (state.offsetKey.equals(conflict.getKey())) {
                state.cursor = Cursor.fromJson(offsets.getState(state.offsetKey));
                LOG.warn("db-poll {}: {}", state.offsetKey, conflict.getMessage());
            }
        }
    }

    private void failed(Throwable failure) {
        failures = Math.min(failures + 1, 16);
        long delay = Math.min(MAX_RETRY_DELAY_MS, Math.max(getDelay(), 1) << failures);
        retryAt = System.currentTimeMillis() + delay;
        String message = "db-poll " + endpoint.getTables() + " cannot poll: " + OutageLog.oneLine(failure)
                + "; the offset stays and the rows are read again";
        Problem current = problem;
        problem = current == null ? Problem.of(message, failure) : current.again(message, failure);
        if (failure instanceof Error && !outage.isDown()) {
            // not an outage but a bug or a broken environment: worth its stack trace, once
            LOG.error("{}", message, failure);
        }
        outage.failed(failure, Duration.ofMillis(delay));
    }

    /**
     * Reads and delivers the table's pages until one is not full. In transactions mode the next page is read while
     * the route works on the current one; it is thrown away if the current one fails.
     */
    private TablePoll pollTable(TableState state) throws Exception {
        int total = 0;
        try (NextPage pages = new NextPage(endpoint.getDataSource(), prefetch, state, endpoint.getBatchSize())) {
            PageReader.Page page = pages.next();
            while (page.size() > 0) {
                boolean full = page.size() >= endpoint.getBatchSize();
                Throwable failure = deliverPage(state, page);
                if (failure != null || !full || !isRunAllowed() || handingOver()) {
                    int delivered = failure == null ? page.size() : 0;
                    return new TablePoll(delivered + total, failure == null && !full, failure);
                }
                total += page.size();
                page = pages.next();
            }
        }
        return new TablePoll(total, true, null);
    }

    /** What one poll of a table did: rows delivered, whether it read the table to its end, why an exchange failed. */
    private record TablePoll(int delivered, boolean caughtUp, Throwable failure) {
    }

    /** Delivers one page and saves the cursor of what completed; returns why an exchange failed, or null. */
    private Throwable deliverPage(TableState state, PageReader.Page page) {
        Duration lookBack = state.watermark.lookBack();
        PolledTable table = state.table;
        Cursor cursor = state.cursor;
        Throwable failure = null;
        if (endpoint.isBatch()) {
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(page.changes());
            exchange.getMessage().setHeader(DbPollConstants.TABLE, table.reportedQualified);
            exchange.getMessage().setHeader(DbPollConstants.BATCH_SIZE, page.size());
            failure = deliver(exchange);
            if (failure == null && lookBack == null) {
                // pages come in cursor order: the last row is where the table stands now
                cursor = page.cursorAt(table, page.size() - 1);
            } else if (failure == null) {
                for (Object[] row : page.rows()) {
                    cursor = cursor.advance(table.timestampOf(row), table.keyOf(row), lookBack);
                }
            }
        } else {
            for (int i = 0; i < page.size(); i++) {
                DatabaseChange change = page.changes().get(i);
                Exchange exchange = createExchange(false);
                exchange.getMessage().setBody(change);
                exchange.getMessage().setHeader(DbPollConstants.TABLE, table.reportedQualified);
                exchange.getMessage().setHeader(DbPollConstants.CHANGE_TYPE, change.changeType().name());
                failure = deliver(exchange);
                if (failure != null) {
                    break;
                }
                Object[] row = page.rows().get(i);
                cursor = cursor.advance(table.timestampOf(row), table.keyOf(row), lookBack);
                if (handingOver()) {
                    break;
                }
            }
        }
        if (cursor != state.cursor) {
            pausePoint.beforeOffsetSave(state.offsetKey);
            cursor = cursor.pruned(lookBack);
            offsets.setState(state.offsetKey, cursor.toJson());
            state.cursor = cursor;
        }
        return failure;
    }

    /**
     * Runs the route for the exchange; returns null when it completed, dead-letter write included, else its
     * exception. The failure is logged once per outage by {@link #poll()}, not per exchange.
     */
    private Throwable deliver(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Throwable failure = exchange.getException();
        releaseExchange(exchange, false);
        return failure;
    }

    private String where() {
        return "db-poll:" + endpoint.getTables();
    }
}
