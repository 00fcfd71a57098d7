package io.dbworkers.app;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration stops start-up with one line that names the setting, exit status 2 and no stack trace. */
class StartupErrorIT {

    private static final String TIMER_ROUTE = """
            - route:
                id: tick
                from:
                  uri: timer:tick
                  steps:
                    - log: "tick"
            """;

    @TempDir
    Path workDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis://localhost:6379/x|db-workers: DATABASE_URL: unsupported scheme 'redis' (use jdbc:..., postgresql://, mysql:// or mariadb://) in redis://localhost:6379/x",
        "postgresql://bob:s3cret@127.0.0.1:1/nowhere|db-workers: DATABASE_URL: cannot connect to bob@jdbc:postgresql://127.0.0.1:1/nowhere:",
        "postgresql://bob:s3cret@/nowhere|db-workers: DATABASE_URL: has no host: postgresql://bob:****@/nowhere"})
    void badDatabaseUrl(String url, String expected) throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.copy(Path.of("routes", "ecommerce-demo.yaml"), routes.resolve("ecommerce-demo.yaml"));
        assertFailsWith(Map.of("DATABASE_URL", url), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DEAD_LETTER_URL|redis://h:99999999/dl q|db-workers: DEAD_LETTER_URL: is not a valid URL: redis://h:99999999/dl q",
        "DEAD_LETTER_URL|kafka://bob:s3cret@h:1/x|db-workers: DEAD_LETTER_URL: unsupported scheme 'kafka' in kafka://bob:****@h:1/x",
        "DEAD_LETTER_URL|amqp://bob:s3cret@127.0.0.1:1/dlq|db-workers: DEAD_LETTER_URL: cannot reach RabbitMQ at 127.0.0.1:1: Connection refused (waited 2 s, STARTUP_WAIT_SEC)",
        "DEAD_LETTER_URL|redis://bob:s3cret@127.0.0.1:1/dlq|db-workers: DEAD_LETTER_URL: Unable to connect to 127.0.0.1",
        "HTTP_PORT|eighty|db-workers: HTTP_PORT: 'eighty' is not a whole number",
        "HTTP_HOST|no-such-host.invalid|db-workers: HTTP_HOST: 'no-such-host.invalid' is not an address or a known host name",
        "HTTP_HOST|192.0.2.1|db-workers: HTTP_HOST: cannot listen on 192.0.2.1",
        "LOG_FORMAT|xml|db-workers: LOG_FORMAT: 'xml' is not json or console"})
    void badSetting(String setting, String value, String expected) throws Exception {
        writeRoute(TIMER_ROUTE);
        assertFailsWith(Map.of(setting, value), expected);
    }

    @Test
    void httpPortInUse() throws Exception {
        writeRoute(TIMER_ROUTE);
        try (ServerSocket taken = new ServerSocket(0)) {
            assertFailsWith(Map.of("HTTP_PORT", Integer.toString(taken.getLocalPort())),
                    "db-workers: HTTP_PORT: port " + taken.getLocalPort() + " is in use");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a route file that does not parse: the file and the line
        "'- route:\\n    id: x\\n    from:\\n      uri: timer:x\\n      steps:\\n        - log: a\\n       - log: b\\n'"
            + "|db-workers: routes/bad.yaml: does not parse as YAML: line 7, column 8:",
        "'- route:\\n    id: x\\n    from:\\n      uri: timer:x\\n      steps:\\n        - bean:\\n            ref: nosuchbean\\n'"
            + "|db-workers: route 'x': no bean named 'nosuchbean' in the registry",
        "'- route:\\n    id: x\\n    from:\\n      uri: db-poll:nosuchtable\\n      parameters:\\n        timestampColumn: updated_at\\n      steps:\\n        - log: x\\n'"
            + "|db-workers: db-poll table: unknown table 'nosuchtable'",
        "'- route:\\n    id: x\\n    from:\\n      uri: db-poll:orders\\n      parameters:\\n        timestampColumn: nosuchcolumn\\n      steps:\\n        - log: x\\n'"
            + "|db-workers: timestampColumn:",
        "'- route:\\n    id: x\\n    from:\\n      uri: redis-streams:s\\n      parameters:\\n        redisUri: \"foo://bar\"\\n        group: g\\n      steps:\\n        - log: x\\n'"
            + "|db-workers: redisUri: not a valid Redis URL: Scheme foo not supported",
        "'- route:\\n    id: x\\n    from:\\n      uri: redis-streams:s\\n      parameters:\\n        redisUri: \"redis://bob:s3cret@127.0.0.1:1\"\\n        group: g\\n      steps:\\n        - log: x\\n'"
            + "|db-workers: redisUri of redis-streams://s: cannot reach Redis at 127.0.0.1:1: Connection refused (waited 2 s"})
    void badRouteFile(String route, String expected) throws Exception {
        writeRoute(route.replace("\\n", "\n"));
        assertFailsWith(Map.of(), expected);
    }

    private void writeRoute(String route) throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.writeString(routes.resolve("bad.yaml"), route);
        Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
    }

    private void assertFailsWith(Map<String, String> env, String expected) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("STARTUP_WAIT_SEC", "2");
        try (JarProcess jar = JarProcess.start(workDir, all)) {
            assertThat(jar.waitFor(90)).as(jar.output()).isEqualTo(2);
            String output = jar.output();
            assertThat(output.lines().filter(l -> l.startsWith("db-workers: "))).singleElement().asString()
                    .startsWith(expected);
            assertThat(output).doesNotContain("s3cret").doesNotContain("\tat ");
        }
    }
}
