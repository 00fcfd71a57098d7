package io.dbworkers.component.dbpoll;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** Polls tables for changes: {@code db-poll:orders,inventory?timestampColumn=updated_at}. */
@Component("db-poll")
public class DbPollComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbPollEndpoint endpoint = new DbPollEndpoint(uri, this);
        endpoint.setTables(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
