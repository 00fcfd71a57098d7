package io.dbworkers.component.dbsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.support.DefaultProducer;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.support.Progress;

/**
 * Runs a full sync per exchange, or applies the body's changes ({@link ChangeApplier}). The counts go into headers and,
 * when the context has a Micrometer registry, into {@code dbworkers_sync_rows_total{table, outcome}}.
 */
public class DbSyncProducer extends DefaultProducer {

    private final DbSyncEndpoint endpoint;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private DataSource source;
    private DataSource target;
    private SyncSpec spec;
    private RejectedRows rejected;
    private ChangeApplier applier;
    private ProducerTemplate template;
    private MeterRegistry meters;

    public DbSyncProducer(DbSyncEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        spec = endpoint.spec();
        source = dataSource(endpoint.getSourceDataSource(), endpoint.getSourceUrl(), "sourceDataSource", "sourceUrl");
        target = dataSource(endpoint.getDataSource(), endpoint.getTargetUrl(), "dataSource", "targetUrl");
        if (endpoint.getRejectedUri() != null) {
            template = endpoint.getCamelContext().createProducerTemplate();
            rejected = (table, key, row, error) -> template.sendBodyAndHeaders(endpoint.getRejectedUri(), row,
                    Map.of("CamelDbSyncError", error, "CamelDbSyncTable", table));
        } else {
            rejected = new DeadLetterRows(endpoint.getCamelContext(), target);
        }
        meters = endpoint.getCamelContext().getRegistry().lookupByNameAndType(
                MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (!endpoint.full()) {
            applier = new ChangeApplier(source, target, spec, rejected);
            applier.start();
        }
    }

    private DataSource dataSource(DataSource given, String url, String option, String urlOption) {
        if (given != null) {
            return given;
        }
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(option, "is required for db-sync:" + endpoint.getTable()
                    + " (or give " + urlOption + ")");
        }
        HikariDataSource pool = DataSources.pool("db-sync-" + urlOption,
                ConnectionUrl.parse(urlOption, url, null, null), 2);
        pools.add(pool);
        return pool;
    }

    @Override
    protected void doStop() throws Exception {
        if (template != null) {
            template.stop();
        }
        pools.forEach(HikariDataSource::close);
        pools.clear();
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SyncResult result;
        if (applier == null) {
            try (Progress progress = Progress.start("sync " + spec.table(), -1)) {
                result = new FullSync(source, target, spec, rejected).run(progress);
            }
            exchange.getMessage().setBody(result);
        } else {
            Object body = exchange.getMessage().getBody();
            @SuppressWarnings("unchecked")
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
        count("inserted", result.inserted());
        count("updated", result.updated());
        count("deleted", result.deleted());
        count("conflict", result.conflicts());
        count("rejected", result.rejected());
    }

    private void count(String outcome, long rows) {
        if (meters != null && rows > 0) {
            Counter.builder("dbworkers_sync_rows").tag("table", spec.table()).tag("outcome", outcome)
                    .description("Rows handled by db-sync, by outcome").register(meters).increment(rows);
        }
    }
}
