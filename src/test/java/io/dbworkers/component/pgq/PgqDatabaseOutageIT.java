package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;

/**
 * PostgreSQL gone mid-stream (every connection dropped through a proxy, new ones refused), then back: the consumer
 * reports not ready with the reason while it is gone, resumes by itself, and every event arrives.
 */
class PgqDatabaseOutageIT extends PgqItSupport {

    private static final int EVENTS = 2000;
    private static HikariDataSource db;
    private static HikariDataSource proxied;
    private static TcpProxy proxy;
    private static CamelContext context;
    private static final Set<Long> seen = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        db = freshQueue(PgqDatabaseOutageIT.class, "outage");
        proxy = new TcpProxy(PG_HOST, 5432);
        proxied = DataSources.pool("proxied", new ConnectionUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                + nameFor(PgqDatabaseOutageIT.class) + "?connectTimeout=2&socketTimeout=5", PG_USER, null), 2);
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", proxied);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pgq:outage?idleDelay=100&fetchSize=50").routeId("outage")
                        .process(exchange -> {
                            seen.add(exchange.getMessage().getHeader(PgqConstants.EVENT_ID, Long.class));
                            Thread.sleep(1);
                        });
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() throws Exception {
        context.stop();
        proxied.close();
        proxy.close();
        db.close();
    }

    @Test
    void resumesAfterTheDatabaseCameBack() {
        query(db, "select pgq.insert_event('outage', 'n', 'n=' || g) from generate_series(1, " + EVENTS + ") g");
        tick(db, "outage");
        PgqConsumer consumer = (PgqConsumer) context.getRoute("outage").getConsumer();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 200);
        proxy.cut();
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.readinessProblem() != null);
        assertThat(consumer.readinessProblem().message()).startsWith("pgq outage as db_workers failed:");
        proxy.restore();
        await().atMost(Duration.ofSeconds(90)).until(() -> seen.size() == EVENTS && caughtUp(db, "outage", "db_workers"));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.readinessProblem() == null);
    }
}
