package io.dbworkers.component.dbsync;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** Syncs a table from one database to another: {@code db-sync:users?sourceDataSource=#source&dataSource=#target}. */
@Component("db-sync")
public class DbSyncComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbSyncEndpoint endpoint = new DbSyncEndpoint(uri, this);
        endpoint.setTable(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
