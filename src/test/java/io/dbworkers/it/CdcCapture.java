package io.dbworkers.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.ds.PGSimpleDataSource;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.dbcdc.ReplicationSlots;

import static org.awaitility.Awaitility.await;

/**
 * A Camel context with one db-cdc route that keeps every change whose exchange completed, in order. A processor given
 * at start runs first and may fail the exchange.
 */
public final class CdcCapture implements AutoCloseable {

    /** The reader the next captures use when their URI names none; null: the default. */
    private static volatile String reader;

    public final List<DatabaseChange> changes = new CopyOnWriteArrayList<>();
    private final CamelContext context = new DefaultCamelContext();

    private CdcCapture() {
    }

    public static CdcCapture start(String uri) throws Exception {
        return start(uri, exchange -> { });
    }

    public static CdcCapture start(String uri, Processor first) throws Exception {
        return start(uri, first, Map.of());
    }

    public static CdcCapture start(String uri, Processor first, Map<String, Object> beans) throws Exception {
        String from = withReader(uri);
        CdcCapture capture = new CdcCapture();
        beans.forEach(capture.context.getRegistry()::bind);
        capture.context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).routeId("cdc").process(first)
                        .process(exchange -> capture.changes.add(exchange.getMessage().getBody(DatabaseChange.class)));
            }
        });
        capture.context.start();
        return capture;
    }

    /**
     * Makes the captures started from now on read with this reader (pgoutput, debezium) unless their URI names one;
     * null for the default. An IT subclass runs its parent's scenario with the other reader this way.
     */
    public static void useReader(String name) {
        reader = name;
    }

    /** The URI with the reader chosen by {@link #useReader}, unless it names one. */
    public static String withReader(String uri) {
        String chosen = reader;
        return chosen == null || uri.contains("reader=") ? uri : uri + "&reader=" + chosen;
    }

    /** The db-cdc consumer's health, as Camel's health endpoint reports it. */
    public HealthCheck.State health() {
        return healthCheck().call().getState();
    }

    /** The db-cdc consumer's health check, for its readiness and liveness apart. */
    public HealthCheck healthCheck() {
        return ((HealthCheckAware) context.getRoute("cdc").getConsumer()).getHealthCheck();
    }

    @Override
    public void close() {
        context.stop();
    }

    /** Slots of the local PostgreSQL server. */
    public static ReplicationSlots postgresSlots() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(ItSupport.postgresJdbcUrl("postgres"));
        ds.setUser(ItSupport.PG_USER);
        return new ReplicationSlots(ds);
    }

    /**
     * Waits until a consumer streams from the slot: from then on every committed change is captured. A slot being
     * created is active too, but captures only what commits after its consistent point, when it gets a confirmed LSN.
     */
    public static void awaitSlotActive(String slot) {
        ReplicationSlots slots = postgresSlots();
        await().atMost(Duration.ofSeconds(60)).until(() -> slots.list().stream()
                .anyMatch(s -> s.name().equals(slot) && s.active() && s.confirmedFlushLsn() != null));
    }

    /** Drops the slot once no consumer holds it any more. */
    public static void dropSlot(String slot) {
        ReplicationSlots slots = postgresSlots();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(SQLException.class).until(() -> {
            slots.drop(slot);
            return slots.list().stream().noneMatch(s -> s.name().equals(slot));
        });
    }

    /** A fresh offset file under target/, for one test class. */
    public static String offsetFile(String name) throws Exception {
        Path file = Path.of("target", "it-offsets", name + ".json");
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of("target", "it-offsets", name + "-history.dat"));
        return file.toString();
    }
}
