package io.dbworkers.publish;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;

import io.dbworkers.support.Statistics;
import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.AmqpUrl;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.deadletter.ValidationException;

/**
 * Publishes changes to a durable RabbitMQ topic exchange, as PGEvents does, but acknowledged: the message body is a
 * change ({@link DatabaseChange} or {@link ChangeMessage}) or a list of them (a {@code db-cdc} batch), each published
 * as a persistent JSON message ({@link ChangeJson}) with routing key {@code schema.table.operation} in lower case
 * (e.g. {@code public.orders.update}). {@link #process} returns only once the broker confirmed every message of the
 * body, so a {@code db-cdc} source commits its offset only after the confirms.
 * <p>
 * When the broker is down, blocks the connection (memory or disk alarm), refuses or does not confirm within
 * {@code confirmTimeout}, the exchange fails and the source delivers the same changes again later: nothing is lost,
 * and a change may be published more than once (at least once). A change whose JSON is larger than
 * {@code maxMessageSize} can never be published: alone it fails with a {@link ValidationException}, which the
 * {@code dead-letter} route configuration sets aside at once; in a list it is left out and handed to the route in the
 * exchange property {@value #UNPUBLISHABLE_PROPERTY}. The exchange is declared (durable, topic) on start, so that
 * queues can be bound before the first change (see {@link ExchangeDeclaration}), and again after any failure.
 * <p>
 * Every message has a {@code message_id} made of the change's source position, table and key, so the same change
 * delivered again has the same id and a consumer can drop the repeat.
 * <p>
 * Camel starts and stops it with the route that uses it as a processor.
 */
public class RabbitChangePublisher extends ServiceSupport implements Processor, Statistics, CamelContextAware {

    /** The exchange property that holds the changes of a batch that could not be published, for dead-lettering. */
    public static final String UNPUBLISHABLE_PROPERTY = "DbWorkersUnpublishable";

    private static final Logger LOG = LoggerFactory.getLogger(RabbitChangePublisher.class);
    private static final int PERSISTENT = 2;

    private CamelContext camelContext;
    private String url;
    private String urlSetting = "url";
    private String exchange;
    private long confirmTimeout = 10_000;
    private int maxMessageSize = 16 * 1024 * 1024;

    private CachingConnectionFactory connectionFactory;
    private RabbitTemplate template;
    private ExchangeDeclaration declaration;
    private volatile String blockedReason;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong confirmedBatches = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();

    @Override
    protected void doStart() {
        AmqpUrl server = AmqpUrl.parse(urlSetting, url);
        if (exchange == null || !exchange.matches("[A-Za-z0-9_.:\\-]{1,255}")) {
            throw new ConfigurationException("exchange", "'" + exchange + "' must be 1-255 letters, digits, '_', '.',"
                    + " ':' or '-'");
        }
        if (confirmTimeout < 1 || maxMessageSize < 1) {
            throw new ConfigurationException("confirmTimeout", "confirmTimeout and maxMessageSize must be positive");
        }
        if (camelContext == null) {
            throw new IllegalStateException("the publisher to " + exchange + " is started outside a CamelContext");
        }
        connectionFactory = server.connectionFactory(server.path(), CachingConnectionFactory.ConfirmType.SIMPLE);
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                blockedReason = null;
                connection.addBlockedListener(new BlockedListener() {
                    @Override
                    public void handleBlocked(String reason) {
                        LOG.warn("RabbitMQ blocked publishing to {}: {}", exchange, reason);
                        blockedReason = reason;
                    }

                    @Override
                    public void handleUnblocked() {
                        LOG.info("RabbitMQ unblocked publishing to {}", exchange);
                        blockedReason = null;
                    }
                });
            }
        });
        template = new RabbitTemplate(connectionFactory);
        declaration = new ExchangeDeclaration(new RabbitAdmin(connectionFactory), exchange, server, urlSetting,
                () -> blockedReason);
        try {
            declaration.start(camelContext);
        } catch (RuntimeException e) {
            doStop();
            throw e;
        }
        LOG.info("Publishing changes to the topic exchange {} on {}", exchange, server);
    }

    @Override
    protected void doStop() {
        if (declaration != null) {
            declaration.stop();
            declaration = null;
        }
        if (connectionFactory != null) {
            connectionFactory.destroy();
            connectionFactory = null;
        }
    }

    /**
     * Publishes the body and returns once the broker confirmed it. A single change that can never be published (see
     * {@link #message}) fails with a {@link ValidationException}; in a list such changes are left out and put in the
     * exchange property {@value #UNPUBLISHABLE_PROPERTY}, for the route to dead-letter one by one, so that one bad
     * change does not hold up or dead-letter its whole batch.
     */
    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        List<DatabaseChange> unpublishable = new ArrayList<>();
        if (body instanceof List<?> list) {
            publish(list, unpublishable);
        } else {
            publish(List.of(toMessage(body)), unpublishable);
        }
        exchange.setProperty(UNPUBLISHABLE_PROPERTY, unpublishable);
    }

    /**
     * The change as it will be published; fails with a {@link ValidationException} when it can never be, so that a
     * route can dead-letter a change that {@link #process} left out of a batch.
     */
    public ChangeMessage message(DatabaseChange change) {
        byte[] json;
        try {
            json = ChangeJson.mapper().writeValueAsBytes(change);
        } catch (JsonProcessingException e) {
            throw new ValidationException("the change of " + change.qualifiedTable() + " " + change.primaryKey()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        if (json.length > maxMessageSize) {
            throw new ValidationException("the change of " + change.qualifiedTable() + " " + change.primaryKey()
                    + " is " + json.length + " bytes as JSON, more than maxMessageSize " + maxMessageSize);
        }
        return new ChangeMessage(change, routingKey(change), json);
    }

    /** {@code schema.table.operation} in lower case, e.g. {@code public.orders.update}. */
    public static String routingKey(DatabaseChange change) {
        return (change.qualifiedTable() + "." + change.changeType().name()).toLowerCase(Locale.ROOT);
    }

    /** Publishes the messages in order and returns once the broker confirmed all of them. */
    public void publish(List<ChangeMessage> messages) {
        publish(messages, new ArrayList<>());
    }

    /**
     * Publishes changes or messages in order, each change written as JSON just before it is sent so that the broker
     * works while the rest are written, and returns once the broker confirmed all of them.
     */
    private void publish(List<?> items, List<DatabaseChange> unpublishable) {
        if (items.isEmpty()) {
            return;
        }
        if (!isStarted()) {
            throw new IllegalStateException("the publisher to " + exchange + " is not started");
        }
        String blocked = blockedReason;
        if (blocked != null) {
            failedBatches.incrementAndGet();
            throw new RabbitBlockedException("RabbitMQ blocks publishing: " + blocked);
        }
        long started = System.nanoTime();
        int sent;
        try {
            declaration.ensureDeclared();
            sent = template.execute(channel -> {
                int count = 0;
                for (Object item : items) {
                    ChangeMessage message = item instanceof ChangeMessage m ? m : messageOrNull(item, unpublishable);
                    if (message != null) {
                        channel.basicPublish(exchange, message.routingKey(), false, properties(message.change()),
                                message.json());
                        count++;
                    }
                }
                // closes the channel when a message is refused or not confirmed in time
                channel.waitForConfirmsOrDie(confirmTimeout);
                return count;
            });
        } catch (AmqpException e) {
            declaration.forget();
            failedBatches.incrementAndGet();
            throw e;
        }
        published.addAndGet(sent);
        confirmedBatches.incrementAndGet();
        LOG.debug("Published and confirmed {} changes to {} in {} ms", sent, exchange,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The item's message, or null when it is a change that can never be published, which is added to the list. */
    private ChangeMessage messageOrNull(Object item, List<DatabaseChange> unpublishable) {
        if (item instanceof DatabaseChange change) {
            try {
                return message(change);
            } catch (ValidationException e) {
                LOG.debug("Setting aside a change that cannot be published: {}", e.getMessage());
                unpublishable.add(change);
                return null;
            }
        }
        return toMessage(item);
    }

    private ChangeMessage toMessage(Object item) {
        if (item instanceof ChangeMessage message) {
            return message;
        }
        if (item instanceof DatabaseChange change) {
            return message(change);
        }
        throw new ValidationException("not a change: " + (item == null ? "null" : item.getClass().getName()));
    }

    /**
     * The same for every delivery of one change: {@code mode:position:schema.table:key}, e.g.
     * {@code pgoutput:23861224:public.orders:{"id":1}}. The position alone is not enough: the rows of one binlog event
     * share it.
     */
    public static String messageId(DatabaseChange change) {
        String key;
        try {
            key = ChangeJson.mapper().writeValueAsString(new TreeMap<>(change.primaryKey()));
        } catch (JsonProcessingException e) {
            throw new ValidationException("the key of a change of " + change.qualifiedTable()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        return change.source().mode() + ":" + change.source().position() + ":" + change.qualifiedTable() + ":" + key;
    }

    private static AMQP.BasicProperties properties(DatabaseChange change) {
        Map<String, Object> headers = new HashMap<>(4);
        headers.put("table", change.qualifiedTable());
        headers.put("operation", change.changeType().name());
        headers.put("position", change.source().position());
        return new AMQP.BasicProperties.Builder()
                .messageId(messageId(change))
                .contentType("application/json")
                .contentEncoding("UTF-8")
                .deliveryMode(PERSISTENT)
                .timestamp(change.timestamp() == null ? null : Date.from(change.timestamp()))
                .headers(headers)
                .build();
    }

    @Override
    public String name() {
        return "change_publisher";
    }

    @Override
    public Map<String, Number> snapshot() {
        return Map.of("messages_published", published.get(), "batches_confirmed", confirmedBatches.get(),
                "batches_failed", failedBatches.get(), "blocked", blockedReason == null ? 0 : 1);
    }

    /** The broker URL, {@code amqp://user:pass@host:5672[/vhost]}. */
    public void setUrl(String url) {
        this.url = url;
    }

    /**
     * The name of the setting the URL comes from, e.g. {@code RABBITMQ_URL}, so that a start-up error names what to
     * fix; default {@code url}.
     */
    public void setUrlSetting(String urlSetting) {
        this.urlSetting = urlSetting;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The topic exchange changes are published to; declared durable when absent. */
    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    /** How long, in milliseconds, to wait for the broker's confirms of one body; default 10000. */
    public void setConfirmTimeout(long confirmTimeout) {
        this.confirmTimeout = confirmTimeout;
    }

    /** The largest change, in bytes of JSON, that is published; a larger one is dead-lettered. Default 16 MiB. */
    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** The broker blocks publishing (a memory or disk alarm): the changes are tried again later. */
    public static class RabbitBlockedException extends AmqpException {

        public RabbitBlockedException(String message) {
            super(message);
        }
    }
}
