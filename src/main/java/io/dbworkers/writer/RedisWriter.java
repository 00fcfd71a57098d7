package io.dbworkers.writer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.component.dbwrite.DbWriteConstants;
import io.dbworkers.component.redis.streams.StreamMessage;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Settings;
import io.dbworkers.support.Statistics;

/**
 * The steps of the route {@code examples/redis-to-postgres.yaml} and its counters. Bound as {@value #BEAN} by the
 * runner's configuration, where it does nothing yet; the route names it as its route policy too, and when that route
 * is set up ({@link #onInit}) the writer validates its settings, checks (or migrates) the table, and starts counting
 * and showing its statistics, before any route starts. When the route is removed (a reload), that stops again.
 */
public class RedisWriter extends RoutePolicySupport {

    public static final String BEAN = "redisWriter";
    /** The bean of the writer's {@link Statistics}, bound while its route exists. */
    public static final String STATISTICS_BEAN = "redisWriterStatistics";
    /** The exchange property with the dead letters of a batch, a {@code List<Map<String, String>>}. */
    public static final String DEAD_LETTERS = "RedisWriterDeadLetters";
    /** The exchange property with how many entries the batch read. */
    public static final String READ = "RedisWriterRead";
    /**
     * For tests only: when true, the first batch committed is not completed (so not acknowledged); the writer logs
     * {@value #PAUSED} and waits until the process is killed or stopped.
     */
    static final String PAUSE_SETTING = "DBWORKERS_TEST_PAUSE_AFTER_COMMIT";
    static final String PAUSED = "paused after the commit and before the acknowledgement";

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);

    private final Settings source;
    private final SensorReadingTransform transform = new SensorReadingTransform();
    private final AtomicLong messagesRead = new AtomicLong();
    private final AtomicLong messagesWritten = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();
    private final AtomicLong batchesProcessed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Statistics statistics = new WriterStatistics();
    private volatile WriterSettings settings;
    private ErrorCounter errorCounter;
    private volatile boolean pauseAfterCommit;
    private boolean paused;

    /** @param settings where the writer's settings are read, once they are first needed */
    public RedisWriter(Settings settings) {
        this.source = settings;
    }

    /** The validated settings; a {@link ConfigurationException} names the first wrong one. Reads nothing else. */
    public WriterSettings settings() {
        WriterSettings current = settings;
        if (current == null) {
            synchronized (this) {
                if (settings == null) {
                    settings = WriterSettings.from(source);
                }
                current = settings;
            }
        }
        return current;
    }

    /** The writer's route is being set up: settings, table, counters. */
    @Override
    public synchronized void onInit(Route route) {
        if (errorCounter != null) {
            return;
        }
        CamelContext context = route.getCamelContext();
        WriterSettings valid = settings();
        DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        if (dataSource == null) {
            throw new ConfigurationException("DATABASE_URL", "no dataSource bean to write to");
        }
        ReadingsTable.prepare(dataSource, valid);
        pauseAfterCommit = source.bool(PAUSE_SETTING, false);
        context.getRegistry().bind(STATISTICS_BEAN, Statistics.class, statistics);
        errorCounter = new ErrorCounter(errors);
        context.getManagementStrategy().addEventNotifier(errorCounter);
        ServiceHelper.startService(errorCounter);
        LOG.info("Redis writer: streams {} of {} in group {} as {}, batches of {} per stream into {}, dead letters to"
                 + " {}", valid.streamPattern(), valid.redisUri(), valid.group(), valid.consumerName(),
                valid.batchSize(), valid.tableName(), valid.deadLetterStream());
    }

    /** The route is gone (reloaded or removed): its event notifier and statistics go too; the counters stay. */
    @Override
    public synchronized void onRemove(Route route) {
        if (errorCounter == null) {
            return;
        }
        CamelContext context = route.getCamelContext();
        context.getManagementStrategy().removeEventNotifier(errorCounter);
        ServiceHelper.stopService(errorCounter);
        errorCounter = null;
        context.getRegistry().unbind(STATISTICS_BEAN);
    }

    /**
     * Body {@code List<StreamMessage>} in, the valid rows out; the dead letters (invalid entries, and entries delivered
     * more than {@code MAX_DELIVERIES} times) in the property {@value #DEAD_LETTERS}.
     */
    public void transform(Exchange exchange) throws InvalidPayloadException {
        @SuppressWarnings("unchecked")
        List<StreamMessage> messages = exchange.getMessage().getMandatoryBody(List.class);
        List<Map<String, Object>> rows = new ArrayList<>(messages.size());
        List<Map<String, String>> deadLetters = new ArrayList<>();
        for (StreamMessage message : messages) {
            if (message.deliveryCount() > settings.maxDeliveries()) {
                deadLetters.add(transform.deadLetter(message, "delivered " + message.deliveryCount()
                        + " times, more than MAX_DELIVERIES=" + settings.maxDeliveries()));
                continue;
            }
            SensorReadingTransform.Result result = transform.apply(message);
            if (result.row() != null) {
                rows.add(result.row());
            } else {
                deadLetters.add(result.deadLetter());
            }
        }
        messagesRead.addAndGet(messages.size());
        exchange.setProperty(READ, messages.size());
        exchange.setProperty(DEAD_LETTERS, deadLetters);
        exchange.getMessage().setBody(rows);
    }

    /** A dead letter has been added to the dead-letter stream. */
    public void deadLettered(Exchange exchange) {
        messagesFailed.incrementAndGet();
        Map<?, ?> deadLetter = exchange.getMessage().getBody(Map.class);
        LOG.warn("Entry {} of {} dead-lettered: {}", deadLetter.get("original_id"), deadLetter.get("original_stream"),
                deadLetter.get("error"));
    }

    /** Body: a row the database refused (header {@code CamelDbWriteError}); out: its dead letter. */
    public Map<String, String> rejected(Exchange exchange) {
        Map<?, ?> row = exchange.getMessage().getBody(Map.class);
        return transform.deadLetter(row, "database refused the row: "
                + exchange.getMessage().getHeader(DbWriteConstants.ERROR, String.class));
    }

    /** The batch is committed. */
    public void written(Exchange exchange) {
        int written = exchange.getMessage().getHeader(DbWriteConstants.ROWS_WRITTEN, 0, Integer.class);
        messagesWritten.addAndGet(written);
        batchesProcessed.incrementAndGet();
        LOG.debug("Processed batch: {} read, {} rows written", exchange.getProperty(READ), written);
        if (written > 0 && pauseAfterCommit) {
            pauseOnce(written);
        }
    }

    private void pauseOnce(int written) {
        synchronized (this) {
            if (paused) {
                return;
            }
            paused = true;
        }
        LOG.warn("{}: {} rows committed, {}", PAUSE_SETTING, written, PAUSED);
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts each failed attempt at a batch: every retry, and the batch that fails for good (it stays pending). */
    private static final class ErrorCounter extends EventNotifierSupport {

        private final AtomicLong errors;

        ErrorCounter(AtomicLong errors) {
            this.errors = errors;
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreStepEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeSendingEvents(true);
            setIgnoreExchangeSentEvents(true);
        }

        @Override
        public void notify(CamelEvent event) {
            if (!(event instanceof CamelEvent.ExchangeEvent exchangeEvent)) {
                return;
            }
            Exchange exchange = exchangeEvent.getExchange();
            boolean batch = exchange.getProperty(READ) != null && exchange.getProperty(Exchange.SPLIT_INDEX) == null;
            if (batch && (event instanceof CamelEvent.ExchangeRedeliveryEvent
                    || event instanceof CamelEvent.ExchangeFailedEvent)) {
                errors.incrementAndGet();
            }
        }
    }

    /** The seed's counters: kept by the writer, so that they never restart from zero while the process runs. */
    private final class WriterStatistics implements Statistics {

        @Override
        public String name() {
            return "redis_writer";
        }

        /**
         * The entries of the group delivered and not yet acknowledged are the redis-streams consumer's to tell
         * ({@code dbworkers_redis_pending_entries}), not counted here.
         */
        @Override
        public Map<String, Number> snapshot() {
            Map<String, Number> values = new LinkedHashMap<>();
            values.put("messages_read", messagesRead.get());
            values.put("messages_written", messagesWritten.get());
            values.put("messages_failed", messagesFailed.get());
            values.put("batches_processed", batchesProcessed.get());
            values.put("errors", errors.get());
            return values;
        }
    }
}
