package io.dbworkers.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * The shared error handling that every route opts into with {@code routeConfigurationId: dead-letter}: redeliver with
 * exponential backoff, then write the original message to the dead-letter target through
 * {@value DeadLetters#ENDPOINT_URI}. A {@link ValidationException} is dead-lettered at once. When the dead-letter
 * write itself fails, the exchange fails ({@code deadLetterHandleNewException(false)}), so the source keeps the change.
 * <p>
 * Logging: each redelivery is one WARN line without a stack trace. A failed dead-letter write is not logged here: the
 * source retries the change with its own backoff and logs the outage once ({@code OutageLog}), so Camel's "new
 * exception" report (a stack trace per attempt) is off; its fallback handler's report is kept below WARN in
 * {@code logback.xml} for the same reason.
 */
public class DeadLetterRoutes extends RouteConfigurationBuilder {

    /** The longest wait between two redeliveries, however often the delay has doubled. */
    public static final long MAX_REDELIVERY_DELAY_MS = 10_000;

    private final int maxRedeliveries;
    private final long redeliveryDelayMs;

    public DeadLetterRoutes(int maxRedeliveries, long redeliveryDelayMs) {
        this.maxRedeliveries = maxRedeliveries;
        this.redeliveryDelayMs = redeliveryDelayMs;
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition configuration = routeConfiguration(DeadLetters.ROUTE_CONFIGURATION_ID);
        configuration.errorHandler(deadLetterChannel(DeadLetters.ENDPOINT_URI)
                .deadLetterHandleNewException(false)
                .useOriginalMessage()
                .maximumRedeliveries(maxRedeliveries)
                .redeliveryDelay(redeliveryDelayMs)
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(MAX_REDELIVERY_DELAY_MS)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryStackTrace(false)
                .logNewException(false)
                // the channel removes the redelivery headers before the dead letter is written, so keep the count
                .onRedelivery(DeadLetterRoutes::countRedelivery));
        configuration.onException(ValidationException.class)
                .maximumRedeliveries(0)
                .logNewException(false)
                .useOriginalMessage();
    }

    private static void countRedelivery(Exchange exchange) {
        exchange.setProperty(DeadLetters.REDELIVERIES_PROPERTY,
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
    }
}
