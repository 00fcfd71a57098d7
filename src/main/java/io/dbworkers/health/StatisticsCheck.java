package io.dbworkers.health;

import java.util.Map;
import java.util.StringJoiner;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.dbworkers.support.Statistics;

/**
 * Shows every {@link Statistics} bean in the health JSON: always up, the counters in the message
 * ({@code redis_writer: messages_read=10 messages_written=9}) and, with {@code ?data=true}, as data
 * {@code redis_writer.messages_read}.
 */
class StatisticsCheck extends AbstractHealthCheck {

    private final CamelContext context;

    StatisticsCheck(CamelContext context) {
        super("db-workers", "statistics");
        this.context = context;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringJoiner message = new StringJoiner("; ");
        for (Statistics statistics : context.getRegistry().findByType(Statistics.class)) {
            StringJoiner counters = new StringJoiner(" ", statistics.name() + ": ", "");
            statistics.snapshot().forEach((counter, value) -> {
                counters.add(counter + "=" + value);
                builder.detail(statistics.name() + "." + counter, value);
            });
            message.add(counters.toString());
        }
        builder.up().message(message.length() == 0 ? "no statistics" : message.toString());
    }
}
