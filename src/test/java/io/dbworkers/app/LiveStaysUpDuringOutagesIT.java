package io.dbworkers.app;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.component.redis.streams.TcpProxy;
import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One after the other, PostgreSQL goes away (proxy cut), RabbitMQ goes away (proxy cut), and Redis drops the jar's
 * connections (CLIENT KILL of the jar's own clients): each time ready goes DOWN naming that server and comes back UP,
 * while live stays UP throughout, since restarting db-workers would not bring a server back.
 */
class LiveStaysUpDuringOutagesIT {

    @TempDir
    Path workDir;

    private final List<String> liveFailures = new CopyOnWriteArrayList<>();

    @Test
    void onlyReadinessFollowsTheServers() throws Exception {
        String name = ItSupport.nameFor(getClass());
        URI amqp = URI.create(ItSupport.AMQP_URI);
        URI redis = URI.create(ItSupport.REDIS_URI);
        try (HikariDataSource ignored = ItSupport.freshPostgres(getClass());
             TcpProxy postgres = new TcpProxy(ItSupport.PG_HOST, 5432);
             TcpProxy rabbit = new TcpProxy(amqp.getHost(), amqp.getPort())) {
            Path routes = Files.createDirectories(workDir.resolve("routes"));
            Files.writeString(routes.resolve("read.yaml"), """
                    - route:
                        id: read
                        from:
                          uri: "redis-streams:%1$s:in"
                          parameters:
                            redisUri: "%2$s"
                            group: "%1$s"
                            consumerName: "%1$s"
                          steps:
                            - log: "${body}"
                    """.formatted(name, ItSupport.REDIS_URI));
            Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
            Map<String, String> env = Map.of(
                    "DATABASE_URL", "postgresql://" + ItSupport.PG_USER + "@127.0.0.1:" + postgres.port() + "/" + name,
                    "DEAD_LETTER_URL", "amqp://" + amqp.getUserInfo() + "@127.0.0.1:" + rabbit.port() + "/" + name);
            try (JarProcess jar = JarProcess.start(workDir, env)) {
                ManagementEndpoints http = new ManagementEndpoints(jar.httpPort());
                awaitReady(http, jar);

                postgres.cut();
                awaitDown(http, "database:dataSource", "the database of bean dataSource");
                postgres.restore();
                awaitReady(http, jar);

                rabbit.cut();
                awaitDown(http, "rabbitmq:dbWorkersDeadLetterConnectionFactory", "RabbitMQ at 127.0.0.1:");
                rabbit.restore();
                awaitReady(http, jar);

                String server = redis.getHost() + ":" + redis.getPort();
                assertThat(killClients("db-workers-health-" + jar.pid(), "redis-streams:" + name + ":" + name))
                        .as("the jar's Redis connections killed").isGreaterThanOrEqualTo(2);
                awaitDown(http, "redis:" + server, "Redis at " + server);
                awaitReady(http, jar);
            }
        }
        assertThat(liveFailures).as("live answers that were not UP").isEmpty();
    }

    private void awaitReady(ManagementEndpoints http, JarProcess jar) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    live(http);
                    HttpResponse<String> ready = http.get("health/ready");
                    assertThat(ready.statusCode()).as(ready.body() + "\n" + jar.output()).isEqualTo(200);
                });
    }

    private void awaitDown(ManagementEndpoints http, String check, String named) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            live(http);
            HttpResponse<String> ready = http.get("health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ManagementEndpoints.check(ready, check).path("status").asText()).isEqualTo("DOWN");
            assertThat(ManagementEndpoints.check(ready, check).path("message").asText()).contains(named);
        });
    }

    /** Every answer of live counts: one that is not UP, or lacks the process check, fails the test at the end. */
    private void live(ManagementEndpoints http) throws Exception {
        HttpResponse<String> live = http.get("health/live");
        if (live.statusCode() != 200 || !live.body().contains("\"process\"")) {
            liveFailures.add(live.statusCode() + " " + live.body());
        }
    }

    /** CLIENT KILL of the connections with these client names (names only this test's jar uses). */
    private static int killClients(String... names) {
        RedisClient client = RedisClient.create(ItSupport.REDIS_URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            int killed = 0;
            for (String line : connection.sync().clientList().split("\n")) {
                String id = field(line, "id");
                if (id != null && List.of(names).contains(field(line, "name"))) {
                    connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                    killed++;
                }
            }
            return killed;
        } finally {
            client.shutdown();
        }
    }

    private static String field(String clientListLine, String name) {
        for (String pair : clientListLine.trim().split(" ")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
