package io.dbworkers.deadletter;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import io.dbworkers.config.AmqpUrl;
import io.dbworkers.config.Settings;

/**
 * The dead-letter channel of db-workers. {@link #install} adds the route configuration {@value #ROUTE_CONFIGURATION_ID}
 * and the route that writes dead letters; a route opts in with {@code routeConfigurationId: dead-letter} (YAML) or
 * {@code .routeConfigurationId("dead-letter")} (Java).
 * <p>
 * Delivery guarantee: a change that fails is redelivered ({@code DEAD_LETTER_MAX_REDELIVERIES}, default 3, starting
 * {@code DEAD_LETTER_REDELIVERY_DELAY_MS}, default 200, after, doubling up to 10 s; a {@link ValidationException} is
 * not redelivered), then written to the target ({@link DeadLetterTarget}), and only once that write succeeded does the
 * exchange complete and the source advance its offset or acknowledge. While the target cannot be written, the exchange
 * fails and the source keeps the change and reads it again: nothing is dropped, at the cost of the source stalling
 * behind that change until the target is back. While the target is up, a poison change is set aside and does not block
 * the changes behind it. A change may reach the target more than once if the source crashes between the write and its
 * offset save (at least once).
 * <p>
 * Settings: {@code DEAD_LETTER_URL} (see {@link DeadLetterTarget}), {@code DEAD_LETTER_MAXLEN},
 * {@code DEAD_LETTER_MAX_REDELIVERIES}, {@code DEAD_LETTER_REDELIVERY_DELAY_MS}.
 */
public final class DeadLetters {

    /** The id of the shared route configuration that routes opt into. */
    public static final String ROUTE_CONFIGURATION_ID = "dead-letter";
    /** The internal endpoint the dead-letter channel sends to. */
    public static final String ENDPOINT_URI = "direct:db-workers-dead-letter";
    /** The id of the internal route that writes dead letters. */
    public static final String ROUTE_ID = "db-workers-dead-letter";
    /** The exchange property that holds the {@link DeadLetterRecord} while it is written. */
    public static final String RECORD_PROPERTY = "DbWorkersDeadLetterRecord";
    /** The exchange property that counts the redeliveries of a failing exchange. */
    public static final String REDELIVERIES_PROPERTY = "DbWorkersRedeliveries";

    public static final String MAX_REDELIVERIES_SETTING = "DEAD_LETTER_MAX_REDELIVERIES";
    public static final String REDELIVERY_DELAY_SETTING = "DEAD_LETTER_REDELIVERY_DELAY_MS";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    /**
     * Validates the settings, binds what the target needs (for RabbitMQ, a connection factory with correlated
     * publisher confirms as {@value DeadLetterTarget#CONNECTION_FACTORY_BEAN}) and adds the route configuration and
     * the dead-letter route. Call it before the routes that use the configuration are added. With no
     * {@code DEAD_LETTER_URL}, the registry must hold a {@code dataSource} bean.
     */
    public static void install(CamelContext context, Settings settings) throws Exception {
        DeadLetterTarget target = DeadLetterTarget.parse(settings);
        int maxRedeliveries = settings.integer(MAX_REDELIVERIES_SETTING, 3, 0, 1000);
        int delayMs = settings.integer(REDELIVERY_DELAY_SETTING, 200, 0, 3_600_000);
        if (target.kind() == DeadLetterTarget.Kind.AMQP) {
            CachingConnectionFactory connectionFactory = connectionFactory(target.amqp());
            context.getRegistry().bind(DeadLetterTarget.CONNECTION_FACTORY_BEAN, connectionFactory);
            context.addService(new ConnectionFactoryService(connectionFactory), true, true);
        }
        context.addRoutes(new DeadLetterRoutes(maxRedeliveries, delayMs));
        context.addRoutes(new DeadLetterWriterRoute(target));
        LOG.info("Dead letters go to {} after {} redeliveries", target, maxRedeliveries);
    }

    private static CachingConnectionFactory connectionFactory(DeadLetterTarget.Amqp amqp) {
        return new AmqpUrl(amqp.host(), amqp.port(), amqp.user(), amqp.password(), amqp.queue())
                .connectionFactory("/", CachingConnectionFactory.ConfirmType.CORRELATED);
    }

    /** Closes the dead-letter connection to RabbitMQ when Camel stops. */
    private static final class ConnectionFactoryService extends ServiceSupport {

        private final CachingConnectionFactory factory;

        ConnectionFactoryService(CachingConnectionFactory factory) {
            this.factory = factory;
        }

        @Override
        protected void doStop() {
            factory.resetConnection();
        }
    }
}
