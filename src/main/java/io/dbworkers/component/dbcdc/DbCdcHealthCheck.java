package io.dbworkers.component.dbcdc;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness and liveness of a db-cdc consumer: DOWN while the capture is not connected (the engine failed and waits
 * to start again) or while a change keeps failing, with the error and since when.
 */
final class DbCdcHealthCheck implements HealthCheck {

    private final DbCdcConsumer consumer;
    private final String id;
    private boolean enabled = true;

    DbCdcHealthCheck(DbCdcConsumer consumer, String routeId) {
        this.consumer = consumer;
        this.id = "consumer:" + routeId;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder result = HealthCheckResultBuilder.on(this)
                .detail(ENDPOINT_URI, consumer.getEndpoint().getEndpointBaseUri());
        DbCdcConsumer.Problem problem = consumer.problem();
        if (problem == null) {
            return result.up().build();
        }
        return result.down().message(problem.message()).error(problem.error())
                .detail(FAILURE_COUNT, problem.attempts()).detail(FAILURE_START_TIME, problem.since().toString())
                .build();
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
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }
}
