package io.dbworkers.offset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * One {@link FileOffsetStore} per file in a CamelContext, shared by every endpoint (db-poll, db-cdc) that names the
 * file, so that their saves never overwrite each other. A context service: the stores stop with the context.
 */
public final class FileOffsetStores extends ServiceSupport {

    private final Map<Path, FileOffsetStore> stores = new HashMap<>();

    /** The store of the file in this context, created on first use. */
    public static FileOffsetStore of(CamelContext context, String file) {
        FileOffsetStores registry;
        synchronized (context) {
            registry = context.hasService(FileOffsetStores.class);
            if (registry == null) {
                registry = new FileOffsetStores();
                try {
                    context.addService(registry, true, true);
                } catch (Exception e) {
                    throw RuntimeCamelException.wrapRuntimeCamelException(e);
                }
            }
        }
        return registry.store(file);
    }

    private synchronized FileOffsetStore store(String file) {
        return stores.computeIfAbsent(Path.of(file).toAbsolutePath().normalize(), FileOffsetStore::new);
    }

    @Override
    protected synchronized void doStop() {
        ServiceHelper.stopService(stores.values());
        stores.clear();
    }
}
