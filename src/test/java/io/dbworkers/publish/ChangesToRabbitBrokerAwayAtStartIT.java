package io.dbworkers.publish;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RabbitMQ does not answer when the worker starts (a proxy the test cuts): the worker runs, readiness is DOWN naming
 * the exchange it cannot declare, and once RabbitMQ answers the exchange is declared, readiness turns UP, and a queue
 * bound then gets the changes.
 */
class ChangesToRabbitBrokerAwayAtStartIT extends ItSupport {

    private static final String NAME = nameFor(ChangesToRabbitBrokerAwayAtStartIT.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(ChangesToRabbitBrokerAwayAtStartIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
        RabbitExchangeQueue.deleteExchange(NAME);
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void readyOnlyOnceTheExchangeIsDeclared() throws Exception {
        URI broker = URI.create(AMQP_URI);
        try (TcpProxy proxy = new TcpProxy(broker.getHost(), broker.getPort() > 0 ? broker.getPort() : 5672)) {
            proxy.cut();
            Map<String, String> env = ChangesToRabbit.settings(NAME, "orders");
            env.put("RABBITMQ_URL", "amqp://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxy.port());
            try (JarProcess jar = ChangesToRabbit.start(workDir, env)) {
                String ready = "http://127.0.0.1:" + jar.httpPort() + "/observe/health/ready";
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                    HttpResponse<String> response = get(ready);
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.body()).contains("publisher:" + NAME)
                            .contains("cannot declare the exchange " + NAME);
                });
                assertThat(jar.isAlive()).isTrue();

                proxy.restore();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                        .until(() -> get(ready).statusCode() == 200);
                try (RabbitExchangeQueue queue = RabbitExchangeQueue.bindToExisting(NAME, NAME)) {
                    execute(db, "INSERT INTO orders (id, status) VALUES (1, 'pending')");
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(queue.keys())
                            .as(jar.output()).containsExactly("public.orders.insert 1"));
                }
                assertThat(jar.output()).contains("recovered after");
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
