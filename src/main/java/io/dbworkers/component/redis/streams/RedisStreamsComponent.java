package io.dbworkers.component.redis.streams;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/** Redis Streams: {@code redis-streams:mqtt_stream:*?group=db_writer}. */
@Component("redis-streams")
public class RedisStreamsComponent extends HealthCheckComponent {

    /** one set of event loops for every Redis client of the component */
    private ClientResources resources;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RedisStreamsEndpoint endpoint = new RedisStreamsEndpoint(uri, this);
        endpoint.setStream(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    ClientResources resources() {
        return resources;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    }

    @Override
    protected void doStop() throws Exception {
        if (resources != null) {
            resources.shutdown().get();
            resources = null;
        }
        super.doStop();
    }
}
