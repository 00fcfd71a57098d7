package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration stops start-up with one line that names the setting, exit status 2 and no stack trace. */
class StartupErrorIT {

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
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DATABASE_URL", url))) {
            assertThat(jar.waitFor(60)).isEqualTo(2);
            String output = jar.output();
            assertThat(output.lines().filter(l -> l.startsWith("db-workers: "))).singleElement().asString()
                    .startsWith(expected);
            assertThat(output).doesNotContain("s3cret").doesNotContain("\tat ").doesNotContain("Exception");
        }
    }
}
