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
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.app.DbWorkersConfiguration;
import io.dbworkers.support.Statistics;
import io.dbworkers.component.dbwrite.DbWriteConstants;
import io.dbworkers.component.redis.streams.RedisStreamsConsumer;
import io.dbworkers.component.redis.streams.StreamMessage;
import io.dbworkers.config.ConfigurationException;

/**
 * The steps of the route {@code examples/redis-to-postgres.yaml} and its counters. Bound as {@value #BEAN} by
 * {@link #install}, which the route's first {@code {{redis-writer:...}}} placeholder calls: the settings are validated
 * and the table checked (or migrated) before any route starts.
 */
public class RedisWriter implements Statistics {

    public static final String BEAN = "redisWriter";
    /** The exchange property with the dead letters of a batch, a {@code List<Map<String, String>>}. */
    public static final String DEAD_LETTERS = "RedisWriterDeadLetters";
    /** The exchange property with how many entries the batch read. */
    public static final String READ = "RedisWriterRead";

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);

    private final CamelContext context;
    private final WriterSettings settings;
    private final SensorReadingTransform transform = new SensorReadingTransform();
    private final AtomicLong messagesRead = new AtomicLong();
    private final AtomicLong messagesWritten = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();
    private final AtomicLong batchesProcessed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    RedisWriter(CamelContext context, WriterSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** The writer of this context, created on first call: settings validated, table checked, bean bound. */
    public static synchronized RedisWriter install(CamelContext context) {
        RedisWriter writer = context.getRegistry().lookupByNameAndType(BEAN, RedisWriter.class);
        if (writer != null) {
            return writer;
        }
        WriterSettings settings = WriterSettings.from(DbWorkersConfiguration.settings(context));
        DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        if (dataSource == null) {
            throw new ConfigurationException("DATABASE_URL", "no dataSource bean to write to");
        }
        ReadingsTable.prepare(dataSource, settings);
        writer = new RedisWriter(context, settings);
        context.getRegistry().bind(BEAN, RedisWriter.class, writer);
        EventNotifier errorCounter = new ErrorCounter(writer.errors);
        context.getManagementStrategy().addEventNotifier(errorCounter);
        ServiceHelper.startService(errorCounter);
        LOG.info("Redis writer: streams {} of {} in group {} as {}, batches of {} per stream into {}, dead letters to"
                 + " {}", settings.streamPattern(), settings.redisUri(), settings.group(), settings.consumerName(),
                settings.batchSize(), settings.tableName(), settings.deadLetterStream());
        return writer;
    }

    public WriterSettings settings() {
        return settings;
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

    @Override
    public String name() {
        return "redis_writer";
    }

    /**
     * The seed's counters, plus {@code pending}: entries of the group delivered and not yet acknowledged, over all
     * streams (per stream, the consumer's gauge {@code dbworkers_redis_pending_entries{route,stream}} has them).
     * Without Redis it is left out.
     */
    @Override
    public Map<String, Number> snapshot() {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("messages_read", messagesRead.get());
        values.put("messages_written", messagesWritten.get());
        values.put("messages_failed", messagesFailed.get());
        values.put("batches_processed", batchesProcessed.get());
        values.put("errors", errors.get());
        Map<String, Long> pending = pendingCounts();
        if (pending != null) {
            values.put("pending", pending.values().stream().mapToLong(Long::longValue).sum());
        }
        return values;
    }

    /** Per stream, the group's entries not yet acknowledged; null when the consumer is not connected. */
    public Map<String, Long> pendingCounts() {
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof RedisStreamsConsumer consumer && consumer.isReady()) {
                try {
                    return consumer.pendingCounts();
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
