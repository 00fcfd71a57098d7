package io.dbworkers.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real HTTP call to /observe/health/ready while the database stops answering (its connection goes through a proxy
 * the test cuts): ready goes false, naming the database, then true again once it is back; live stays true. Metrics are
 * served beside it.
 */
class HealthReadyIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void readyFollowsTheDatabase() throws Exception {
        String db = ItSupport.nameFor(HealthReadyIT.class);
        try (HikariDataSource ignored = ItSupport.freshPostgres(HealthReadyIT.class);
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
                String base = "http://127.0.0.1:" + jar.httpPort() + "/observe/";
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(get(base + "health/ready").statusCode()).isEqualTo(200));
                assertThat(check(get(base + "health/ready"), "database:dataSource").path("status").asText())
                        .isEqualTo("UP");

                proxy.cut();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(base + "health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    JsonNode database = check(ready, "database:dataSource");
                    assertThat(database.path("status").asText()).isEqualTo("DOWN");
                    assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("DOWN");
                });
                assertThat(get(base + "health/live").statusCode()).as("live while the database is away").isEqualTo(200);

                proxy.restore();
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(get(base + "health/ready").statusCode()).isEqualTo(200));

                String metrics = get(base + "metrics").body();
                assertThat(metrics).contains("dbworkers_exchanges_processed_total{route=\"tick\"}")
                        .contains("dbworkers_exchange_seconds_count{route=\"tick\"}");
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(HttpResponse<String> response, String name) throws Exception {
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + response.body());
    }
}
