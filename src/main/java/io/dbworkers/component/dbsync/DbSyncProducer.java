package io.dbworkers.component.dbsync;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultProducer;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.support.Progress;

/** Runs a full sync per exchange, or applies the body's changes ({@link ChangeApplier}). */
public class DbSyncProducer extends DefaultProducer {

    private final DbSyncEndpoint endpoint;
    private SyncSpec spec;
    private RejectedRows rejected;
    private ChangeApplier applier;
    private ProducerTemplate template;

    public DbSyncProducer(DbSyncEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.getSourceDataSource() == null || endpoint.getDataSource() == null) {
            throw new ConfigurationException(endpoint.getSourceDataSource() == null ? "sourceDataSource" : "dataSource",
                    "is required for " + endpoint.getEndpointUri());
        }
        spec = endpoint.spec();
        if (endpoint.getRejectedUri() != null) {
            template = endpoint.getCamelContext().createProducerTemplate();
            rejected = (table, key, row, error) -> template.sendBodyAndHeaders(endpoint.getRejectedUri(), row,
                    Map.of("CamelDbSyncError", error, "CamelDbSyncTable", table));
        } else {
            rejected = new DeadLetterRows(endpoint.getCamelContext(), endpoint.getDataSource());
        }
        if (!endpoint.full()) {
            applier = new ChangeApplier(endpoint.getSourceDataSource(), endpoint.getDataSource(), spec, rejected);
            applier.start();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (template != null) {
            template.stop();
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SyncResult result;
        if (applier == null) {
            try (Progress progress = Progress.start("sync " + spec.table(), -1)) {
                result = new FullSync(endpoint.getSourceDataSource(), endpoint.getDataSource(), spec, rejected)
                        .run(progress);
            }
            exchange.getMessage().setBody(result);
        } else {
            Object body = exchange.getMessage().getBody();
            List<DatabaseChange> changes = body instanceof DatabaseChange c ? List.of(c)
                    : exchange.getMessage().getMandatoryBody(List.class);
            result = applier.apply(changes);
        }
        exchange.getMessage().setHeader(DbSyncConstants.ROWS_SYNCED, result.rowsSynced());
        exchange.getMessage().setHeader(DbSyncConstants.INSERTED, result.inserted());
        exchange.getMessage().setHeader(DbSyncConstants.UPDATED, result.updated());
        exchange.getMessage().setHeader(DbSyncConstants.DELETED, result.deleted());
        exchange.getMessage().setHeader(DbSyncConstants.CONFLICTS, result.conflicts());
        exchange.getMessage().setHeader(DbSyncConstants.REJECTED, result.rejected());
    }
}
