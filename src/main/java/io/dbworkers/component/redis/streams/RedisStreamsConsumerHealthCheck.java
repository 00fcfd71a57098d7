package io.dbworkers.component.redis.streams;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.util.URISupport;

/** Readiness of one consumer: down while it is not connected to Redis, with the last error. */
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

    /** A consumer waiting for Redis is not ready, but restarting the application would not help. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this)
                .detail(ENDPOINT_URI, URISupport.sanitizeUri(consumer.getEndpoint().getEndpointUri()))
                .detail("redis.streams.consumer", consumer.consumerName());
        if (consumer.isReady()) {
            return builder.up().build();
        }
        builder.down().message("not connected to Redis");
        Throwable error = consumer.lastError();
        if (error != null) {
            builder.error(error);
        }
        return builder.build();
    }
}
