package io.dbworkers.component.pgq;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.util.URISupport;

import io.dbworkers.support.Problem;

/** Readiness of one consumer: down while its loop fails (database gone, queue dropped), with the reason. */
final class PgqHealthCheck extends AbstractHealthCheck {

    private final PgqConsumer consumer;

    PgqHealthCheck(PgqConsumer consumer, String routeId) {
        super("camel", "consumer:pgq-" + routeId);
        this.consumer = consumer;
    }

    /** A consumer waiting for its database is not ready, but restarting the application would not help. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(ENDPOINT_URI, URISupport.sanitizeUri(consumer.getEndpoint().getEndpointUri()));
        consumer.details().forEach(builder::detail);
        Problem problem = consumer.readinessProblem();
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem.message());
            if (problem.error() != null) {
                builder.error(problem.error());
            }
        }
    }
}
