package io.dbworkers.component.dbcdc;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

/** Log-based change capture: {@code db-cdc:ecommerce?url=postgresql://...&tables=orders,inventory}. */
@Component("db-cdc")
public class DbCdcComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbCdcEndpoint endpoint = new DbCdcEndpoint(uri, this);
        endpoint.setName(remaining);
        endpoint.getDebeziumProperties().putAll(PropertiesHelper.extractProperties(parameters, "debezium."));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
