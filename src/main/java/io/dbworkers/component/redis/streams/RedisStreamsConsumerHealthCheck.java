package io.dbworkers.component.redis.streams;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.util.URISupport;

import io.dbworkers.support.Problem;

/**
 * One consumer's health. Readiness: down while it is not connected to Redis or its reading loop is failing (and being
 * started again), with the reason. Liveness: down only when the loop's thread ended although the consumer runs, which
 * only a restart of the process mends; Redis being away is never a liveness problem.
 */
final class RedisStreamsConsumerHealthCheck implements HealthCheck {

    private final RedisStreamsConsumer consumer;
    private final String id;
    private volatile boolean enabled = true;

    RedisStreamsConsumerHealthCheck(RedisStreamsConsumer consumer, String routeId) {
        this.consumer = consumer;
        this.id = "consumer:redis-streams-" + routeId;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        boolean liveness = options.get(CHECK_KIND) == Kind.LIVENESS;
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this)
                .detail(ENDPOINT_URI, URISupport.sanitizeUri(consumer.getEndpoint().getEndpointUri()));
        consumer.details().forEach(builder::detail);
        Problem problem = liveness ? consumer.livenessProblem() : consumer.readinessProblem();
        if (problem == null) {
            return builder.up().build();
        }
        builder.down().message(problem.message()).detail("since", problem.since().toString())
                .detail("attempts", problem.attempts());
        if (problem.error() != null) {
            builder.error(problem.error());
        }
        return builder.build();
    }
}
