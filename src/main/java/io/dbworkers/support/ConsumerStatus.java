package io.dbworkers.support;

import java.util.Map;

/**
 * What a db-workers consumer tells health checks and metrics, so that neither needs to know the concrete consumer
 * class. Readiness is about the outside world (a database, Redis or RabbitMQ that does not answer: the consumer
 * waits and retries); liveness is about the process itself (a reader loop that died and cannot be restarted).
 */
public interface ConsumerStatus {

    /** Null while the consumer does its job (reading, or waiting for work), else why it cannot. */
    Problem readinessProblem();

    /** Null while the consumer's own threads are alive or being restarted, else why they are not. */
    default Problem livenessProblem() {
        return null;
    }

    /** Extra facts shown in the health details, e.g. {@code watermark.mode=transactions}. Never secrets. */
    default Map<String, Object> details() {
        return Map.of();
    }
}
