package io.dbworkers.health;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;

/**
 * Pings one Redis server over a connection of its own, named {@code db-workers-health-<pid>}, kept between probes. The
 * connection does not reconnect by itself: one that was closed since the last probe (Redis restarted, the connection
 * was killed) is reported once, then the next probe opens a new one.
 */
final class RedisProbe implements DependencyCheck.Probe, AutoCloseable {

    static final String CLIENT_NAME = "db-workers-health-" + ProcessHandle.current().pid();

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisProbe(ClientResources resources, RedisURI uri) {
        uri.setTimeout(DependencyCheck.TIMEOUT);
        uri.setClientName(CLIENT_NAME);
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(false).build());
    }

    @Override
    public synchronized void run() {
        if (connection != null && !connection.isOpen()) {
            connection = null;
            throw new IllegalStateException("the connection to Redis was lost since the last check");
        }
        try {
            if (connection == null) {
                connection = client.connect();
            }
            connection.sync().ping();
        } catch (RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
        client.shutdown();
    }

    private void closeConnection() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }
}
