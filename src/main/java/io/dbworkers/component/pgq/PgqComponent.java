package io.dbworkers.component.pgq;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.TypeConverterSupport;

/**
 * PgQ queues: {@code pgq:mailer?consumerName=mailer_daemon}. A route may ask for a {@link PgqEvent} body as a
 * {@code Map}: its data URL-decoded ({@link PgqEvent#fields()}); data that is not URL-encoded fails the exchange
 * with {@link NotUrlEncodedException}, which the consumer retries and then dead-letters with that reason.
 */
@Component("pgq")
public class PgqComponent extends HealthCheckComponent {

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        getCamelContext().getTypeConverterRegistry().addTypeConverter(Map.class, PgqEvent.class,
                new TypeConverterSupport() {
                    @Override
                    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                        return type.cast(((PgqEvent) value).fields());
                    }
                });
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PgqEndpoint endpoint = new PgqEndpoint(uri, this);
        endpoint.setQueue(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
