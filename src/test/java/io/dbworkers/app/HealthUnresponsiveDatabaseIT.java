package io.dbworkers.app;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops answering (the proxy in front of it swallows every byte, connections stay open): ready, live and
 * metrics, asked at the same moment, still each answer well within a Kubernetes probe's timeout, and ready soon
 * reports DOWN naming the database, with the age of that result.
 */
class HealthUnresponsiveDatabaseIT {

    /** Generous against a 1 s probe timeout: this checks that nothing waits for the database, not speed. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final List<String> ENDPOINTS = List.of("health/ready", "health/live", "metrics");

    @TempDir
    Path workDir;

    @Test
    void endpointsAnswerWhileTheDatabaseHangs() throws Exception {
        String db = ItSupport.nameFor(getClass());
        ExecutorService clients = Executors.newFixedThreadPool(ENDPOINTS.size());
        try (HikariDataSource ignored = ItSupport.freshPostgres(getClass());
             TcpProxy proxy = new TcpProxy(ItSupport.PG_HOST, 5432)) {
            Path routes = Files.createDirectories(workDir.resolve("routes"));
            Files.writeString(routes.resolve("tick.yaml"), """
                    - route:
                        id: tick
                        from:
                          uri: timer:tick
                          parameters:
                            period: 1000
                          steps:
                            - log: "tick"
                    """);
            Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
            String url = "postgresql://" + ItSupport.PG_USER + "@127.0.0.1:" + proxy.port() + "/" + db;
            try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url))) {
                ManagementEndpoints http = new ManagementEndpoints(jar.httpPort());
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(http.get("health/ready").statusCode()).isEqualTo(200));
                // the replication-slot statistics (they read the database) are exported
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("metrics").body())
                        .contains("dbworkers_replication_slots_available 1.0"));

                proxy.blackHole();
                Map<String, Duration> slowest = new ConcurrentHashMap<>();
                AtomicReference<HttpResponse<String>> lastReady = new AtomicReference<>();
                AtomicLong rounds = new AtomicLong();
                // at least 25 s of outage: the database check's timeout, Hikari's 10 s and the statistics all pass
                long minimum = System.nanoTime() + Duration.ofSeconds(25).toNanos();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    List<CompletableFuture<Void>> round = ENDPOINTS.stream().map(path -> CompletableFuture.runAsync(
                            () -> timed(http, path, slowest, lastReady), clients)).toList();
                    CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).join();
                    rounds.incrementAndGet();
                    return System.nanoTime() > minimum && lastReady.get().statusCode() == 503;
                });
                assertThat(slowest).as("slowest answer of each endpoint over %d rounds", rounds.get())
                        .allSatisfy((path, took) -> assertThat(took).isLessThan(BOUND));
                HttpResponse<String> ready = lastReady.get();
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode database = ManagementEndpoints.check(ready, "database:dataSource");
                assertThat(database.path("status").asText()).isEqualTo("DOWN");
                assertThat(database.path("message").asText()).contains("the database of bean dataSource");
                JsonNode withData = ManagementEndpoints.check(http.get("health/ready?data=true"), "database:dataSource");
                assertThat(withData.path("data").has("checked.seconds.ago")).as(withData.toString()).isTrue();

                proxy.restore();
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(http.get("health/ready").statusCode()).isEqualTo(200));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void timed(ManagementEndpoints http, String path, Map<String, Duration> slowest,
                              AtomicReference<HttpResponse<String>> lastReady) {
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        slowest.merge(path, took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        if (path.equals("health/ready")) {
            lastReady.set(response);
        }
    }
}
