package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.ItSupport;
import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The route file (a timer route and a redis-streams consumer) is edited 20 times while the jar runs: each edit is
 * reloaded, no counter of the scrape ever goes down or disappears, and afterwards the jar's threads and its PostgreSQL connections are
 * back to where they were before the first reload.
 */
class RouteReloadIT {

    private static final int RELOADS = 20;
    private static final Pattern PROCESSED =
            Pattern.compile("^dbworkers_exchanges_processed_total\\{route=\"tick\"} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern COUNTER = Pattern.compile("^(\\w+_total(?:\\{.*})?) (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path workDir;

    @Test
    void reloadsLeakNothingAndCountersKeepCounting() throws Exception {
        String name = ItSupport.nameFor(getClass());
        // only for a fresh, empty database: the jar's connections are the only ones to it
        ItSupport.freshPostgres(getClass()).close();
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Path file = routes.resolve("reloaded.yaml");
        write(file, route(name, 0));
        Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
        String url = "postgresql://" + ItSupport.PG_USER + "@127.0.0.1:5432/" + name;
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url))) {
            ManagementEndpoints http = new ManagementEndpoints(jar.httpPort());
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(http.get("health/ready").statusCode()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(30)).until(() -> processed(http) >= 3);
            // Vert.x starts up to 20 worker threads for HTTP requests, one by one: all of them before counting
            for (int i = 0; i < 60; i++) {
                http.get("metrics");
            }
            int threads = threads(jar);
            int connections = connections(name);

            Map<String, Double> last = counters(http);
            for (int version = 1; version <= RELOADS; version++) {
                write(file, route(name, version));
                String tick = "tick v" + version;
                await().atMost(Duration.ofSeconds(30)).until(() -> jar.output().contains(tick));
                Map<String, Double> now = counters(http);
                for (Map.Entry<String, Double> counter : last.entrySet()) {
                    assertThat(now.get(counter.getKey())).as("%s after reload %d", counter.getKey(), version)
                            .isNotNull().isGreaterThanOrEqualTo(counter.getValue());
                }
                last = now;
            }
            assertThat(last).containsKey("dbworkers_exchanges_processed_total{route=\"tick\"}");

            // threads come and go with the work of the moment (HTTP workers, probes): a leak of even one thread per
            // reload is 20 more
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(threads(jar)).as("threads, %d before the reloads", threads)
                        .isLessThan(threads + RELOADS / 2);
                assertThat(connections(name)).as("connections to %s", name).isLessThanOrEqualTo(connections);
            });
            assertThat(jar.isAlive()).isTrue();
        }
    }

    private static String route(String name, int version) {
        return """
                - route:
                    id: tick
                    from:
                      uri: timer:tick
                      parameters:
                        period: 200
                      steps:
                        - log: "tick v%3$d"
                - route:
                    id: read
                    from:
                      uri: "redis-streams:%1$s:in"
                      parameters:
                        redisUri: "%2$s"
                        group: "%1$s"
                        consumerName: "%1$s"
                      steps:
                        - log: "read v%3$d ${body}"
                """.formatted(name, ItSupport.REDIS_URI, version);
    }

    /** As an editor saves: the watcher never sees a half-written file. */
    private static void write(Path file, String content) throws Exception {
        Path next = file.resolveSibling(".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static double processed(ManagementEndpoints http) throws Exception {
        Matcher matcher = PROCESSED.matcher(http.get("metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Every counter of the scrape, by name and tags. */
    private static Map<String, Double> counters(ManagementEndpoints http) throws Exception {
        Map<String, Double> counters = new HashMap<>();
        Matcher matcher = COUNTER.matcher(http.get("metrics").body());
        while (matcher.find()) {
            counters.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return counters;
    }

    /** The jar's live threads, as Linux counts them. */
    private static int threads(JarProcess jar) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(jar.pid()), "status")).stream()
                .filter(line -> line.startsWith("Threads:")).map(line -> Integer.parseInt(line.substring(8).trim()))
                .findFirst().orElseThrow();
    }

    /** Connections to the test's database: the jar's only, the test asks from the database {@code postgres}. */
    private static int connections(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(ItSupport.postgresJdbcUrl("postgres"), ItSupport.PG_USER, null);
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
