package io.dbworkers.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;


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
 * (e.g. {@code public.orders.update}). The exchange completes only once the broker confirmed every message of the
 * body, so a {@code db-cdc} source commits its offset only after the confirms; the publisher does not hold the
 * calling thread meanwhile ({@link org.apache.camel.AsyncProcessor}), so the next body is published while the
 * previous one's confirms are outstanding (see {@link ConfirmingChannel}).
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
public class RabbitChangePublisher extends AsyncProcessorSupport implements Statistics, CamelContextAware {

    /** The exchange property that holds the changes of a batch that could not be published, for dead-lettering. */
    public static final String UNPUBLISHABLE_PROPERTY = "DbWorkersUnpublishable";

    private static final Logger LOG = LoggerFactory.getLogger(RabbitChangePublisher.class);

    private CamelContext camelContext;
    private String url;
    private String urlSetting = "url";
    private String exchange;
    private long confirmTimeout = 10_000;
    private int maxMessageSize = 16 * 1024 * 1024;

    private CachingConnectionFactory connectionFactory;
    private ConfirmingChannels channels;
    private BlockedConnection blocked;
    private ExchangeDeclaration declaration;
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
        blocked = new BlockedConnection(exchange);
        connectionFactory.addConnectionListener(blocked);
        channels = new ConfirmingChannels(connectionFactory, exchange, confirmTimeout, camelContext
                .getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "publisher-confirms-" + exchange));
        declaration = new ExchangeDeclaration(new RabbitAdmin(connectionFactory), exchange, server, urlSetting,
                blocked::reason);
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
        if (channels != null) {
            channels.close(camelContext);
            channels = null;
        }
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
     * Publishes the body and completes the exchange once the broker confirmed it, without holding the calling thread
     * meanwhile: the caller may hand over the next body while these confirms are outstanding. A single change that
     * can never be published (see {@link #message}) fails with a {@link ValidationException}; in a list such changes
     * are left out and put in the exchange property {@value #UNPUBLISHABLE_PROPERTY}, for the route to dead-letter
     * one by one, so that one bad change does not hold up or dead-letter its whole batch.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Integer> confirmed;
        try {
            Object body = exchange.getMessage().getBody();
            List<DatabaseChange> unpublishable = new ArrayList<>();
            confirmed = publishAsync(body instanceof List<?> list ? list : List.of(toMessage(body)), unpublishable);
            exchange.setProperty(UNPUBLISHABLE_PROPERTY, unpublishable);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        confirmed.whenComplete((count, failure) -> {
            if (failure != null) {
                exchange.setException(failure instanceof CompletionException ? failure.getCause() : failure);
            }
            callback.done(false);
        });
        return false;
    }

    /**
     * The change as it will be published; fails with a {@link ValidationException} when it can never be, so that a
     * route can dead-letter a change that {@link #process} left out of a batch.
     */
    public ChangeMessage message(DatabaseChange change) {
        return ChangeMessages.message(change, maxMessageSize);
    }

    /** {@code schema.table.operation} in lower case, e.g. {@code public.orders.update}. */
    public static String routingKey(DatabaseChange change) {
        return ChangeMessages.routingKey(change);
    }

    /** See {@link ChangeMessages#messageId}. */
    public static String messageId(DatabaseChange change) {
        return ChangeMessages.messageId(change);
    }

    /** Publishes the messages in order and returns once the broker confirmed all of them. */
    public void publish(List<ChangeMessage> messages) {
        try {
            publishAsync(messages, new ArrayList<>()).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Publishes changes or messages in order, each change written as JSON just before it is sent so that the broker
     * works while the rest are written; the future completes once the broker confirmed all of them.
     */
    private CompletableFuture<Integer> publishAsync(List<?> items, List<DatabaseChange> unpublishable) {
        if (items.isEmpty()) {
            // e.g. a batch the filters emptied: nothing to wait for, even while RabbitMQ is away
            return CompletableFuture.completedFuture(0);
        }
        if (!isStarted()) {
            throw new IllegalStateException("the publisher to " + exchange + " is not started");
        }
        String blockedBy = blocked.reason();
        if (blockedBy != null) {
            failedBatches.incrementAndGet();
            throw new RabbitBlockedException("RabbitMQ blocks publishing: " + blockedBy);
        }
        long started = System.nanoTime();
        CompletableFuture<Integer> confirmed;
        try {
            declaration.ensureDeclared();
            List<ConfirmingChannel.Message> messages = new ArrayList<>(items.size());
            for (Object item : items) {
                ChangeMessage message = item instanceof ChangeMessage m ? m : messageOrNull(item, unpublishable);
                if (message != null) {
                    messages.add(new ConfirmingChannel.Message(message.routingKey(), ChangeMessages.properties(message.change()),
                            message.json()));
                }
            }
            confirmed = channels.channel().publish(messages);
        } catch (AmqpException e) {
            declaration.forget();
            failedBatches.incrementAndGet();
            throw e;
        }
        return confirmed.whenComplete((sent, failure) -> {
            if (failure != null) {
                declaration.forget();
                failedBatches.incrementAndGet();
                return;
            }
            published.addAndGet(sent);
            confirmedBatches.incrementAndGet();
            LOG.debug("Published and confirmed {} changes to {} in {} ms", sent, exchange,
                    (System.nanoTime() - started) / 1_000_000);
        });
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

    @Override
    public String name() {
        return "change_publisher";
    }

    @Override
    public Map<String, Number> snapshot() {
        return Map.of("messages_published", published.get(), "batches_confirmed", confirmedBatches.get(),
                "batches_failed", failedBatches.get(), "blocked", blocked == null || blocked.reason() == null ? 0 : 1);
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
