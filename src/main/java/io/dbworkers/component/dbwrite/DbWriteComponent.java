package io.dbworkers.component.dbwrite;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** Writes batches of rows to a table: {@code db-write:sensor_readings?mode=copy}. */
@Component("db-write")
public class DbWriteComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbWriteEndpoint endpoint = new DbWriteEndpoint(uri, this);
        endpoint.setTable(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
