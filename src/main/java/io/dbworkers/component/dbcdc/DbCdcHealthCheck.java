package io.dbworkers.component.dbcdc;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import io.dbworkers.support.Problem;

/**
 * Health of a db-cdc consumer. Readiness: DOWN while the capture is not connected (the database is away, the engine
 * failed and waits to start again) or while a change keeps failing, with the error and since when. Liveness: DOWN only
 * when the capture thread ended although it should run; a database that is down never restarts the process.
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
        consumer.details().forEach(result::detail);
        Problem problem = consumer.livenessProblem();
        if (problem == null && options.get(CHECK_KIND) != Kind.LIVENESS) {
            problem = consumer.readinessProblem();
        }
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
