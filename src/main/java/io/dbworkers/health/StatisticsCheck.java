package io.dbworkers.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.dbworkers.metrics.OperationsMetrics;
import io.dbworkers.support.BackgroundSample;
import io.dbworkers.support.Statistics;

/**
 * Shows every {@link Statistics} bean in the health JSON: always up, the counters in the message
 * ({@code redis_writer: messages_read=10 messages_written=9}) and, with {@code ?data=true}, as data
 * {@code redis_writer.messages_read}, with {@code redis_writer.seconds.ago}. The values are the last snapshot the
 * metrics took in the background: this check never asks a server.
 */
class StatisticsCheck extends AbstractHealthCheck {

    private final CamelContext context;

    StatisticsCheck(CamelContext context) {
        super("db-workers", "statistics");
        this.context = context;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        OperationsMetrics metrics = context.getRegistry().findSingleByType(OperationsMetrics.class);
        Map<String, BackgroundSample.Result<Map<String, Number>>> snapshots = metrics == null ? Map.of()
                : new TreeMap<>(metrics.statistics());
        StringJoiner message = new StringJoiner("; ");
        snapshots.forEach((name, snapshot) -> {
            if (snapshot.value() == null) {
                return;
            }
            StringJoiner counters = new StringJoiner(" ", name + ": ", "");
            snapshot.value().forEach((counter, value) -> {
                counters.add(counter + "=" + value);
                builder.detail(name + "." + counter, value);
            });
            builder.detail(name + ".seconds.ago", Duration.between(snapshot.valueAt(), Instant.now()).toMillis() / 1000.0);
            message.add(counters.toString());
        });
        builder.up().message(message.length() == 0 ? "no statistics" : message.toString());
    }
}
