package io.dbworkers.component.dbsync;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.dbpoll.DbPollConsumer;
import io.dbworkers.offset.JdbcOffsetStore;
import io.dbworkers.support.Problem;
import io.dbworkers.support.Progress;

/**
 * A one-shot incremental sync: a db-poll route on the source table (its late-commit-safe watermark, offsets in
 * {@code db_workers_sync_offsets} of the target, saved after each batch is committed) feeding {@link ChangeApplier},
 * stopped once a poll that started after the route did has read the table to its end.
 */
public final class IncrementalRun {

    static final String OFFSET_TABLE = "db_workers_sync_offsets";
    private static final Duration FAILURE_GRACE = Duration.ofSeconds(30);

    private final DataSource source;
    private final DataSource target;
    private final SyncSpec spec;
    private final RejectedRows rejected;

    public IncrementalRun(DataSource source, DataSource target, SyncSpec spec, RejectedRows rejected) {
        this.source = source;
        this.target = target;
        this.spec = spec;
        this.rejected = rejected;
    }

    public SyncResult run(CamelContext camel, Progress progress) throws Exception {
        long start = System.nanoTime();
        ChangeApplier applier = new ChangeApplier(source, target, spec, rejected);
        applier.start();
        SyncResult total = new SyncResult();
        JdbcOffsetStore offsets = new JdbcOffsetStore(target, OFFSET_TABLE);
        offsets.start();
        camel.getRegistry().bind("dbSyncSource", source);
        camel.getRegistry().bind("dbSyncOffsets", offsets);
        String routeId = "sync-" + spec.table();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("db-poll:" + spec.table() + "?dataSource=#dbSyncSource&batch=true&initialDelay=0&delay=200"
                     + "&timestampColumn=" + spec.timestampColumn() + "&batchSize=" + Math.min(spec.batchSize(), 5000)
                     + "&offsetStore=#dbSyncOffsets&offsetKey=sync:" + spec.target() + ":")
                        .routeId(routeId)
                        .process(exchange -> {
                            @SuppressWarnings("unchecked")
                            List<DatabaseChange> changes = exchange.getMessage().getMandatoryBody(List.class);
                            SyncResult r = applier.apply(changes);
                            total.add(r);
                            progress.add(changes.size());
                        });
            }
        });
        DbPollConsumer consumer = (DbPollConsumer) camel.getRoute(routeId).getConsumer();
        long started = System.currentTimeMillis();
        long failingSince = 0;
        while (true) {
            Thread.sleep(100);
            long caughtUpAt = System.currentTimeMillis() - consumer.lag().toMillis();
            if (caughtUpAt > started) {
                break;
            }
            Problem problem = consumer.readinessProblem();
            if (problem == null) {
                failingSince = 0;
            } else if (failingSince == 0) {
                failingSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - failingSince > FAILURE_GRACE.toMillis()) {
                camel.getRouteController().stopRoute(routeId);
                throw new IllegalStateException(problem.message());
            }
        }
        camel.getRouteController().stopRoute(routeId);
        offsets.stop();
        total.duration(Duration.ofNanos(System.nanoTime() - start));
        return total;
    }
}
