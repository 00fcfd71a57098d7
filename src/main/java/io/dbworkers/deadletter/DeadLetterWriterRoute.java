package io.dbworkers.deadletter;

import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.model.RouteDefinition;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import io.dbworkers.config.ConfigurationException;

/**
 * The internal route behind {@value DeadLetters#ENDPOINT_URI}: turns the failed exchange into a
 * {@link DeadLetterRecord} and writes it to the target. It has no error handler of its own: a failure goes back to the
 * dead-letter channel, which fails the exchange.
 */
public class DeadLetterWriterRoute extends RouteBuilder {

    /** The registry name of the DataSource that holds the {@code dead_letters} table when no URL is set. */
    public static final String DATA_SOURCE_BEAN = "dataSource";

    private final DeadLetterTarget target;

    public DeadLetterWriterRoute(DeadLetterTarget target) {
        this.target = target;
    }

    @Override
    public void configure() {
        RouteDefinition route = from(DeadLetters.ENDPOINT_URI)
                .routeId(DeadLetters.ROUTE_ID)
                .errorHandler(noErrorHandler());
        route.process(this::format);
        if (target.kind() == DeadLetterTarget.Kind.TABLE) {
            route.process(new DeadLetterTable(dataSource()));
        } else {
            if (target.kind() == DeadLetterTarget.Kind.AMQP) {
                route.process(new DurableQueue(getContext().getRegistry().lookupByNameAndType(
                        DeadLetterTarget.CONNECTION_FACTORY_BEAN, ConnectionFactory.class), target.amqp().queue()));
            }
            route.to(target.endpointUri());
        }
        route.log(LoggingLevel.WARN, DeadLetters.class.getName(), "Dead-lettered a message of route ${exchangeProperty."
                + Exchange.FAILURE_ROUTE_ID + "} to " + target + ": ${exchangeProperty." + DeadLetters.RECORD_PROPERTY
                + ".error}");
    }

    /** Replaces the message with the record, in the form the target takes. */
    private void format(Exchange exchange) {
        DeadLetterRecord record = DeadLetterRecord.of(exchange);
        exchange.setProperty(DeadLetters.RECORD_PROPERTY, record);
        Message message = exchange.getMessage();
        // the original headers (source offsets, broker properties) must not leak into the dead letter
        message.getHeaders().clear();
        switch (target.kind()) {
            case REDIS:
                message.setBody(record.toMap());
                break;
            case AMQP:
                message.setBody(record.payload());
                for (Map.Entry<String, String> field : record.headers().entrySet()) {
                    message.setHeader(field.getKey(), field.getValue());
                }
                message.setHeader(SpringRabbitMQConstants.DELIVERY_MODE, MessageDeliveryMode.PERSISTENT);
                message.setHeader(SpringRabbitMQConstants.CONTENT_TYPE,
                        record.payload().startsWith("{") || record.payload().startsWith("[")
                                ? "application/json" : "text/plain");
                message.setHeader(SpringRabbitMQConstants.CONTENT_ENCODING, "UTF-8");
                break;
            default:
                message.setBody(record);
        }
    }

    private DataSource dataSource() {
        DataSource dataSource = getContext().getRegistry().lookupByNameAndType(DATA_SOURCE_BEAN, DataSource.class);
        if (dataSource == null) {
            throw new ConfigurationException(DeadLetterTarget.URL_SETTING, "is not set, so dead letters go to the "
                    + DeadLetterTable.TABLE + " table, but there is no '" + DATA_SOURCE_BEAN + "' bean");
        }
        return dataSource;
    }
}
