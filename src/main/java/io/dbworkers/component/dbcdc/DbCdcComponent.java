package io.dbworkers.component.dbcdc;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.PropertiesHelper;

import io.dbworkers.offset.FileOffsetStore;

/** Log-based change capture: {@code db-cdc:ecommerce?url=postgresql://...&tables=orders,inventory}. */
@Component("db-cdc")
public class DbCdcComponent extends DefaultComponent {

    /** endpoints that name the same offset file share one store, so their saves do not overwrite each other */
    private final Map<Path, FileOffsetStore> fileStores = new HashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbCdcEndpoint endpoint = new DbCdcEndpoint(uri, this);
        endpoint.setName(remaining);
        endpoint.getDebeziumProperties().putAll(PropertiesHelper.extractProperties(parameters, "debezium."));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    synchronized FileOffsetStore fileStore(String file) {
        return fileStores.computeIfAbsent(Path.of(file).toAbsolutePath().normalize(), FileOffsetStore::new);
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            ServiceHelper.stopService(fileStores.values());
            fileStores.clear();
        }
        super.doStop();
    }
}
