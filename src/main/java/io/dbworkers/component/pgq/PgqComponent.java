package io.dbworkers.component.pgq;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** PgQ queues: {@code pgq:mailer?consumerName=mailer_daemon}. */
@Component("pgq")
public class PgqComponent extends HealthCheckComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PgqEndpoint endpoint = new PgqEndpoint(uri, this);
        endpoint.setQueue(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
