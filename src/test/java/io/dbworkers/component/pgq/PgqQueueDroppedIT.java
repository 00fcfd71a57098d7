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
 * The queue dropped while the consumer runs: it turns not ready, naming the missing queue; once the queue is created
 * again it registers itself again and consumes the new events.
 */
class PgqQueueDroppedIT extends PgqItSupport {

    private static HikariDataSource db;
    private static CamelContext context;
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqQueueDroppedIT.class, "dropped");
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", db);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:dropped?idleDelay=100").routeId("dropped")
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
    void recoversWhenTheQueueIsBack() {
        PgqConsumer consumer = (PgqConsumer) context.getRoute("dropped").getConsumer();
        query(db, "select pgq.insert_event('dropped', 'n', 'before')");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            tick(db, "dropped");
            return seen.contains("before");
        });
        query(db, "select pgq.drop_queue('dropped', true)");
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.readinessProblem() != null
                && consumer.readinessProblem().message().contains("queue 'dropped' does not exist"));

        query(db, "select pgq.create_queue('dropped')");
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.readinessProblem() == null);
        query(db, "select pgq.insert_event('dropped', 'n', 'after')");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            tick(db, "dropped");
            return seen.contains("after");
        });
        assertThat(seen).containsExactly("before", "after");
    }
}
