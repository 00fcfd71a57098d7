package io.dbworkers.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import io.dbworkers.component.redis.streams.RedisStreamsEndpoint;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.deadletter.DeadLetterTarget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The readiness checks of the servers db-workers depends on, found anew on every call so that beans and routes added
 * later are covered: every {@code DataSource} bean ({@code database:NAME}), every RabbitMQ connection factory bean
 * ({@code rabbitmq:NAME}, the dead-letter one included), and the Redis server of every {@code redis-streams} endpoint
 * ({@code redis:HOST:PORT}, consumers and producers alike, the dead-letter stream included). Plus {@code statistics},
 * which shows the {@link io.dbworkers.support.Statistics} beans.
 */
public class DependencyHealthChecks extends ServiceSupport implements HealthCheckRepository {

    public static final String ID = "db-workers-dependencies";

    private final CamelContext context;
    private final Map<String, DependencyCheck> checks = new ConcurrentHashMap<>();
    private final StatisticsCheck statistics;
    private ExecutorService executor;
    private volatile boolean enabled = true;
    private volatile String deadLetterEndpointUri;

    public DependencyHealthChecks(CamelContext context) {
        this.context = context;
        this.statistics = new StatisticsCheck(context);
        statistics.setCamelContext(context);
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

    @Override
    public Stream<HealthCheck> stream() {
        List<HealthCheck> all = new ArrayList<>(dependencies());
        all.add(statistics);
        return all.stream();
    }

    /** The dependency checks as of now. A redis-streams endpoint with a malformed Redis URI is a configuration error. */
    public List<DependencyCheck> dependencies() {
        List<DependencyCheck> found = new ArrayList<>();
        context.getRegistry().findByTypeWithName(DataSource.class).forEach((name, dataSource) ->
                found.add(checks.computeIfAbsent("database:" + name, id -> database(id, name, dataSource))));
        context.getRegistry().findByTypeWithName(ConnectionFactory.class).forEach((name, factory) ->
                found.add(checks.computeIfAbsent("rabbitmq:" + name, id -> rabbit(id, name, factory))));
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof RedisStreamsEndpoint redis) {
                RedisURI uri = redisUri(redis);
                String server = uri.getHost() + ":" + uri.getPort();
                DependencyCheck check = checks.computeIfAbsent("redis:" + server, id -> redis(id, redis, uri));
                if (!found.contains(check)) {
                    found.add(check);
                }
            }
        }
        return found;
    }

    private DependencyCheck database(String id, String name, DataSource dataSource) {
        String setting = "dataSource".equals(name) ? "DATABASE_URL" : "bean " + name;
        return check(id, setting, "the database of bean " + name, () -> {
            try (java.sql.Connection connection = dataSource.getConnection()) {
                if (!connection.isValid((int) (DependencyCheck.TIMEOUT_MS / 1000))) {
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

    private DependencyCheck redis(String id, RedisStreamsEndpoint endpoint, RedisURI uri) {
        uri.setTimeout(Duration.ofMillis(DependencyCheck.TIMEOUT_MS));
        RedisClient client = RedisClient.create(uri);
        String deadLetters = deadLetterEndpointUri;
        String setting = deadLetters != null && context.hasEndpoint(deadLetters) == endpoint
                ? DeadLetterTarget.URL_SETTING : "redisUri of " + Masking.mask(endpoint.getEndpointBaseUri());
        return check(id, setting, "Redis at " + uri.getHost() + ":" + uri.getPort(), () -> {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().ping();
            }
        }, client::shutdown);
    }

    private static RedisURI redisUri(RedisStreamsEndpoint endpoint) {
        RedisURI uri;
        try {
            uri = RedisURI.create(endpoint.getRedisUri());
        } catch (RuntimeException e) {
            throw new ConfigurationException("redisUri", "'" + Masking.mask(endpoint.getRedisUri()) + "' of "
                    + Masking.mask(endpoint.getEndpointBaseUri()) + " is not a valid Redis URL: "
                    + DependencyCheck.oneLine(e));
        }
        if (endpoint.getUsername() != null) {
            uri.setUsername(endpoint.getUsername());
        }
        if (endpoint.getPassword() != null) {
            uri.setPassword(endpoint.getPassword().toCharArray());
        }
        return uri;
    }

    private DependencyCheck check(String id, String setting, String target, DependencyCheck.Probe probe,
                                  AutoCloseable resource) {
        DependencyCheck check = new DependencyCheck(id, setting, target, probe, executor(), resource);
        check.setCamelContext(context);
        return check;
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            executor = context.getExecutorServiceManager().newCachedThreadPool(this, "HealthProbe");
        }
        return executor;
    }

    @Override
    protected void doStart() {
        // camel-main registers repository beans only when they were bound before it configured health checks
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null && registry.getRepository(ID).isEmpty()) {
            registry.register(this);
        }
    }

    @Override
    protected void doStop() throws Exception {
        for (DependencyCheck check : checks.values()) {
            check.close();
        }
        checks.clear();
        synchronized (this) {
            if (executor != null) {
                context.getExecutorServiceManager().shutdownNow(executor);
                executor = null;
            }
        }
    }
}
