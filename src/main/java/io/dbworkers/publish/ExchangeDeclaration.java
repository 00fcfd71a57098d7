package io.dbworkers.publish;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import io.dbworkers.config.AmqpUrl;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.support.OutageLog;
import io.dbworkers.support.Problem;

/**
 * The publisher's topic exchange, declared (durable) when the publisher starts, so that consumers can bind their
 * queues before the first change. While RabbitMQ does not answer the declaration is tried again in the background with
 * a backoff from 1 s doubling up to 30 s, and the readiness check {@code publisher:<exchange>} is DOWN; it is DOWN
 * too while RabbitMQ blocks publishing. RabbitMQ refusing the user or password is a configuration error, not an
 * outage: the start fails naming the setting.
 */
final class ExchangeDeclaration extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeDeclaration.class);
    private static final long FIRST_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 30_000;

    private final RabbitAdmin admin;
    private final String exchange;
    private final AmqpUrl server;
    private final String setting;
    private final Supplier<String> blockedReason;
    private final OutageLog outage;
    private volatile boolean declared;
    private volatile Problem problem;
    private ScheduledExecutorService retries;

    /**
     * @param setting       the setting that holds the broker URL, named in a start-up error
     * @param blockedReason why RabbitMQ blocks publishing now, or null
     */
    ExchangeDeclaration(RabbitAdmin admin, String exchange, AmqpUrl server, String setting,
                        Supplier<String> blockedReason) {
        super("db-workers", "publisher:" + exchange);
        this.admin = admin;
        this.exchange = exchange;
        this.server = server;
        this.setting = setting;
        this.blockedReason = blockedReason;
        this.outage = new OutageLog(LOG, "declaring the exchange " + exchange + " on " + server);
    }

    /** Declares the exchange now, or goes on trying in the background; registers the readiness check. */
    void start(CamelContext context) {
        setCamelContext(context);
        try {
            declare();
        } catch (AmqpAuthenticationException e) {
            throw new ConfigurationException(setting, "RabbitMQ at " + server.host() + ":" + server.port()
                    + " refused the user '" + server.user() + "': " + OutageLog.oneLine(e));
        } catch (AmqpException e) {
            failed(e, FIRST_RETRY_MS);
            retries = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "declare-" + exchange);
            retries.schedule(() -> retry(FIRST_RETRY_MS), FIRST_RETRY_MS, TimeUnit.MILLISECONDS);
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.register(this);
        }
    }

    void stop() {
        CamelContext context = getCamelContext();
        if (context == null) {
            return;
        }
        if (retries != null) {
            context.getExecutorServiceManager().shutdownNow(retries);
            retries = null;
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.unregister(this);
        }
    }

    /** Declares the exchange unless that was done since the last failure. */
    void ensureDeclared() {
        if (!declared) {
            declare();
        }
    }

    /** A publish failed: declare again before the next one, in case the exchange was deleted meanwhile. */
    void forget() {
        declared = false;
    }

    private void declare() {
        admin.declareExchange(new TopicExchange(exchange, true, false));
        declared = true;
        problem = null;
        outage.succeeded();
    }

    private void retry(long delay) {
        try {
            declare();
            LOG.info("Declared the topic exchange {}", exchange);
        } catch (RuntimeException e) {
            long next = Math.min(delay * 2, MAX_RETRY_MS);
            failed(e, next);
            ScheduledExecutorService executor = retries;
            if (executor != null && !executor.isShutdown()) {
                executor.schedule(() -> retry(next), next, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void failed(RuntimeException e, long nextTry) {
        String message = "cannot declare the exchange " + exchange + " on " + server + ": " + OutageLog.oneLine(e);
        Problem previous = problem;
        problem = previous == null ? Problem.of(message, e) : previous.again(message, e);
        outage.failed(e, Duration.ofMillis(nextTry));
    }

    /** A broker that is away makes the pipeline not ready; restarting the process would not help. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("exchange", exchange);
        Problem current = problem;
        String blocked = blockedReason.get();
        if (current != null) {
            builder.down().message(current.message()).error(current.error())
                    .detail(FAILURE_COUNT, current.attempts()).detail(FAILURE_START_TIME, current.since().toString());
        } else if (blocked != null) {
            builder.down().message("RabbitMQ blocks publishing to " + exchange + ": " + blocked);
        } else {
            builder.up();
        }
    }
}
