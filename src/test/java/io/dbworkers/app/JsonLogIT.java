package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo with LOG_FORMAT=json: every line of output is one JSON object with timestamp, level, logger and message;
 * a change's log lines carry the route id and the change's table and key; a URL with a password, logged by Camel's
 * own log EIP, is masked.
 */
class JsonLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void everyLineIsJson() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.copy(Path.of("routes", "ecommerce-demo.yaml"), routes.resolve("ecommerce-demo.yaml"));
        Files.writeString(routes.resolve("secret.yaml"), """
                - route:
                    id: secret
                    from:
                      uri: timer:secret
                      parameters:
                        repeatCount: 1
                      steps:
                        - log: "connecting to redis://bob:s3cret@cache:6379/0 and postgresql://db?password=hunter2"
                """);
        Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
        try (JarProcess jar = JarProcess.start(workDir, Map.of("LOG_FORMAT", "json"))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lines(jar))
                    .anySatisfy(line -> {
                        assertThat(line.path("camel.routeId").asText()).isEqualTo("orders-changes");
                        assertThat(line.path("change.table").asText()).isEqualTo("public.orders");
                        assertThat(line.path("change.key").asText()).startsWith("{\"id\":");
                    })
                    .anySatisfy(line -> assertThat(line.path("message").asText())
                            .isEqualTo("connecting to redis://bob:****@cache:6379/0 and postgresql://db?password=****")));
            jar.stop();
            List<JsonNode> lines = lines(jar);
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.path("timestamp").asText()).isNotEmpty();
                assertThat(line.path("level").asText()).isNotEmpty();
                assertThat(line.path("logger").asText()).isNotEmpty();
                assertThat(line.has("message")).isTrue();
            });
            assertThat(jar.output()).doesNotContain("s3cret").doesNotContain("hunter2");
        }
    }

    /** Every line parsed; a line that is not JSON fails the test. */
    private static List<JsonNode> lines(JarProcess jar) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : jar.output().lines().toList()) {
            if (!line.isBlank()) {
                parsed.add(JSON.readTree(line));
            }
        }
        return parsed;
    }
}
