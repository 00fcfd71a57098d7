package io.dbworkers.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.deadletter.DeadLetterTarget;
import io.dbworkers.support.ScopedDataSource;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * The db-workers health checks. Readiness of the servers db-workers depends on: every {@code DataSource} bean
 * ({@code database:NAME}), every RabbitMQ connection factory bean ({@code rabbitmq:NAME}, the dead-letter one
 * included), and the Redis server of every endpoint with a {@code redisUri} option ({@code redis:HOST:PORT}, consumers
 * and producers alike, the dead-letter stream included); they are found again and probed every
 * {@value #INTERVAL_SECONDS} s in the background, so beans and routes added later are covered and a request never
 * waits for a server. Liveness of the process ({@link ProcessCheck}), and {@code statistics} ({@link StatisticsCheck}).
 */
public class DependencyHealthChecks extends ServiceSupport implements HealthCheckRepository {

    public static final String ID = "db-workers-dependencies";
    static final long INTERVAL_SECONDS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(DependencyHealthChecks.class);

    private final CamelContext context;
    private final Map<String, DependencyCheck> checks = new ConcurrentHashMap<>();
    private final List<AbstractHealthCheck> own;
    private ExecutorService probes;
    private ScheduledExecutorService scheduler;
    private ClientResources redisResources;
    private volatile boolean enabled = true;
    private volatile String deadLetterEndpointUri;

    public DependencyHealthChecks(CamelContext context) {
        this.context = context;
        this.own = List.of(new ProcessCheck(context), new StatisticsCheck(context));
        own.forEach(check -> check.setCamelContext(context));
    }

    /** The endpoint dead letters go to, when it is a Redis stream: its errors name {@code DEAD_LETTER_URL}. */
    public void setDeadLetterEndpointUri(String uri) {
        this.deadLetterEndpointUri = uri;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The checks as of the last refresh; never probes. */
    @Override
    public Stream<HealthCheck> stream() {
        List<HealthCheck> all = new ArrayList<>(checks.values());
        all.addAll(own);
        return all.stream();
    }

    /**
     * Finds the dependencies as of now: new ones get a check, the checks of vanished ones (a reloaded route's Redis)
     * are closed. A redis-streams endpoint with a malformed Redis URI is a configuration error.
     */
    public synchronized List<DependencyCheck> dependencies() {
        if (!isStarted() && !isStarting()) {
            throw new IllegalStateException("the dependency checks are not started");
        }
        Map<String, DependencyCheck> found = new HashMap<>();
        context.getRegistry().findByTypeWithName(DataSource.class).forEach((name, dataSource) -> {
            if (!(dataSource instanceof ScopedDataSource)) {
                found.put("database:" + name, checks.computeIfAbsent("database:" + name,
                        id -> database(id, name, dataSource)));
            }
        });
        context.getRegistry().findByTypeWithName(ConnectionFactory.class).forEach((name, factory) ->
                found.put("rabbitmq:" + name, checks.computeIfAbsent("rabbitmq:" + name,
                        id -> rabbit(id, name, factory))));
        for (Endpoint endpoint : context.getEndpoints()) {
            RedisURI uri = redisUri(endpoint);
            if (uri != null) {
                String id = "redis:" + uri.getHost() + ":" + uri.getPort();
                found.putIfAbsent(id, checks.computeIfAbsent(id, key -> redis(key, endpoint, uri)));
            }
        }
        checks.entrySet().removeIf(entry -> {
            if (found.containsKey(entry.getKey())) {
                return false;
            }
            closeQuietly(entry.getValue());
            return true;
        });
        return new ArrayList<>(found.values());
    }

    /** Runs on the scheduler: finds the dependencies and starts a probe of each that has none running. */
    private void refresh() {
        try {
            dependencies().forEach(DependencyCheck::refresh);
        } catch (RuntimeException e) {
            LOG.debug("Health check refresh failed: {}", e.getMessage(), e);
        }
    }

    private DependencyCheck database(String id, String name, DataSource dataSource) {
        String setting = "dataSource".equals(name) ? "DATABASE_URL" : "bean " + name;
        return check(id, setting, "the database of bean " + name, () -> {
            try (java.sql.Connection connection = dataSource.getConnection()) {
                if (!connection.isValid((int) DependencyCheck.TIMEOUT.toSeconds())) {
                    throw new IllegalStateException("the connection is not valid");
                }
            }
        }, null);
    }

    private DependencyCheck rabbit(String id, String name, ConnectionFactory factory) {
        String setting = DeadLetterTarget.CONNECTION_FACTORY_BEAN.equals(name) ? DeadLetterTarget.URL_SETTING
                : "bean " + name;
        String target = "RabbitMQ at " + factory.getHost() + ":" + factory.getPort();
        return check(id, setting, target, () -> {
            Connection connection = factory.createConnection();
            if (!connection.isOpen()) {
                if (factory instanceof CachingConnectionFactory caching) {
                    caching.resetConnection();
                }
                throw new IllegalStateException("the connection is closed");
            }
        }, null);
    }

    private DependencyCheck redis(String id, Endpoint endpoint, RedisURI uri) {
        String deadLetters = deadLetterEndpointUri;
        String setting = deadLetters != null && context.hasEndpoint(deadLetters) == endpoint
                ? DeadLetterTarget.URL_SETTING : "redisUri of " + Masking.mask(endpoint.getEndpointBaseUri());
        RedisProbe probe = new RedisProbe(redisResources, uri);
        return check(id, setting, "Redis at " + uri.getHost() + ":" + uri.getPort(), probe, probe);
    }

    /** The Redis server of an endpoint with a {@code redisUri} option, with its credentials; else null. */
    private static RedisURI redisUri(Endpoint endpoint) {
        if (!(endpoint instanceof DefaultEndpoint known) || known.getComponent() == null
                || !(known.getComponent().getEndpointPropertyConfigurer() instanceof PropertyConfigurerGetter options)
                || options.getOptionType("redisUri", false) == null) {
            return null;
        }
        Object value = options.getOptionValue(endpoint, "redisUri", false);
        if (value == null) {
            return null;
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(value.toString());
        } catch (RuntimeException e) {
            throw new ConfigurationException("redisUri", "'" + Masking.mask(value.toString()) + "' of "
                    + Masking.mask(endpoint.getEndpointBaseUri()) + " is not a valid Redis URL: "
                    + DependencyCheck.oneLine(e));
        }
        if (options.getOptionValue(endpoint, "username", false) instanceof String username) {
            uri.setUsername(username);
        }
        if (options.getOptionValue(endpoint, "password", false) instanceof String password) {
            uri.setPassword(password.toCharArray());
        }
        return uri;
    }

    private DependencyCheck check(String id, String setting, String target, DependencyCheck.Probe probe,
                                  AutoCloseable resource) {
        DependencyCheck check = new DependencyCheck(id, setting, target, probe, probes, resource);
        check.setCamelContext(context);
        return check;
    }

    @Override
    protected void doStart() {
        probes = context.getExecutorServiceManager().newCachedThreadPool(this, "HealthProbe");
        // one small set of event loops for every Redis probe, instead of Lettuce's default per client
        redisResources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "HealthChecks");
        scheduler.scheduleWithFixedDelay(this::refresh, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
        // camel-main registers repository beans only when they were bound before it configured health checks
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null && registry.getRepository(ID).isEmpty()) {
            registry.register(this);
        }
    }

    @Override
    protected synchronized void doStop() {
        context.getExecutorServiceManager().shutdownNow(scheduler);
        checks.values().forEach(DependencyHealthChecks::closeQuietly);
        checks.clear();
        context.getExecutorServiceManager().shutdownNow(probes);
        redisResources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static void closeQuietly(DependencyCheck check) {
        try {
            check.close();
        } catch (Exception e) {
            LOG.debug("Closing the check {} failed: {}", check.getId(), e.getMessage());
        }
    }
}
