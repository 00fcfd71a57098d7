package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.JarProcess;

/**
 * The running jar's /observe endpoints for a pgq consumer: on /observe/metrics its events, events/s, retries, dead
 * letters, lag and pending events (the last two from pgq.get_consumer_info); on /observe/health/ready its check UP,
 * DOWN with the reason while PostgreSQL is cut off (through a proxy), UP again after, and live throughout.
 */
class PgqMetricsIT extends PgqItSupport {

    private static final String QUEUE = "metered";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HikariDataSource db;

    @TempDir
    Path workDir;

    @BeforeAll
    static void schema() {
        db = freshQueue(PgqMetricsIT.class, QUEUE);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void metricsAndHealthOfTheRunningJar() throws Exception {
        Path routes = workDir.resolve("metered.yaml");
        Files.writeString(routes, """
                - route:
                    id: metered
                    from:
                      uri: pgq:%s
                      parameters:
                        consumerName: metered
                        maxRetries: 1
                        retryDelay: 0
                        idleDelay: 200
                      steps:
                        - choice:
                            when:
                              - simple: "${body.data} == 'poison'"
                                steps:
                                  - throwException:
                                      exceptionType: java.lang.IllegalStateException
                                      message: poison cannot be processed
                """.formatted(QUEUE));
        try (TcpProxy proxy = new TcpProxy(PG_HOST, 5432)) {
            String url = "postgresql://" + PG_USER + "@127.0.0.1:" + proxy.port() + "/" + nameFor(PgqMetricsIT.class);
            try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url), routes.toString())) {
                String base = "http://127.0.0.1:" + jar.httpPort() + "/observe/";
                await("ready").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(get(base + "health/ready").statusCode()).isEqualTo(200));
                assertThat(pgqCheck(get(base + "health/ready")).path("status").asText()).isEqualTo("UP");

                query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'n=' || g) from generate_series(1, 9) g");
                query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'poison')");
                // one more event a round keeps events/s above zero in every 5 s window of the consumer's report
                await("counters on /observe/metrics").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().untilAsserted(() -> {
                            query(db, "select pgq.insert_event('" + QUEUE + "', 'n', 'more')");
                            tick(db, QUEUE);
                            String metrics = get(base + "metrics").body();
                            assertThat(metric(metrics, "dead_letters")).isEqualTo(1);
                            assertThat(metric(metrics, "retries")).isEqualTo(1);
                            assertThat(metric(metrics, "events")).isGreaterThanOrEqualTo(9);
                            assertThat(metric(metrics, "events_per_second")).isGreaterThan(0);
                            assertThat(metric(metrics, "lag_seconds")).as("reported by PgQ").isGreaterThanOrEqualTo(0);
                            assertThat(metric(metrics, "pending_events")).as("reported by PgQ")
                                    .isGreaterThanOrEqualTo(0);
                        });
                assertThat(scalar(db, "select count(*) from dead_letters where error = 'poison cannot be processed'"))
                        .isEqualTo(1);

                proxy.cut();
                await("not ready without PostgreSQL").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(base + "health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    JsonNode check = pgqCheck(ready);
                    assertThat(check.path("status").asText()).isEqualTo("DOWN");
                    assertThat(check.toString()).contains("pgq metered as metered failed:");
                });
                assertThat(get(base + "health/live").statusCode()).as("live while PostgreSQL is away").isEqualTo(200);

                proxy.restore();
                await("ready again").atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                    HttpResponse<String> ready = get(base + "health/ready");
                    assertThat(ready.statusCode()).isEqualTo(200);
                    assertThat(pgqCheck(ready).path("status").asText()).isEqualTo("UP");
                });
                assertThat(jar.stop()).as("exit status after SIGTERM").isIn(0, 143);
            }
        }
    }

    /** The value of {@code dbworkers_pgq_metered_NAME} in Prometheus text; fails when it is missing. */
    private static double metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^dbworkers_pgq_metered_" + name + "(\\{[^}]*\\})? ([-0-9.eE+]+)$")
                .matcher(metrics);
        assertThat(m.find()).as("dbworkers_pgq_metered_%s in:%n%s", name, metrics).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static JsonNode pgqCheck(HttpResponse<String> response) throws Exception {
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if ("consumer:metered".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check consumer:metered in " + response.body());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
