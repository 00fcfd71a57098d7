package io.dbworkers.component.dbpoll;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.service.ServiceHelper;

import io.dbworkers.offset.FileOffsetStore;

/** Polls tables for changes: {@code db-poll:orders,inventory?timestampColumn=updated_at}. */
@Component("db-poll")
public class DbPollComponent extends DefaultComponent {

    /** endpoints that name the same offset file share one store, so their saves do not overwrite each other */
    private final Map<Path, FileOffsetStore> fileStores = new HashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbPollEndpoint endpoint = new DbPollEndpoint(uri, this);
        endpoint.setTables(remaining);
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
