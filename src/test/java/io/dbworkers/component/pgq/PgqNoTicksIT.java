package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * No ticks (the queue's ticker paused, as when pgqd is stopped; the shared pgqd keeps running for the other tests):
 * the consumer waits, stays ready and reports its growing lag; once ticks come again it delivers what waited.
 */
class PgqNoTicksIT extends PgqItSupport {

    private static HikariDataSource db;
    private static CamelContext context;
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqNoTicksIT.class, "quiet");
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:quiet?idleDelay=200").routeId("quiet")
                        .process(exchange -> seen.add(exchange.getMessage().getBody(PgqEvent.class).data()));
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
        db.close();
    }

    @Test
    void waitsAndReportsLagWithoutTicks() {
        PgqConsumer consumer = (PgqConsumer) context.getRoute("quiet").getConsumer();
        query(db, "select pgq.set_queue_config('quiet', 'ticker_paused', 'true')");
        query(db, "select pgq.insert_event('quiet', 'n', 'waited')");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) consumer.details().get("pgq.lag_seconds")).longValue() >= 6);
        assertThat(seen).isEmpty();
        assertThat(consumer.readinessProblem()).isNull();

        query(db, "select pgq.set_queue_config('quiet', 'ticker_paused', 'false')");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            tick(db, "quiet");
            return seen.contains("waited");
        });
    }
}
