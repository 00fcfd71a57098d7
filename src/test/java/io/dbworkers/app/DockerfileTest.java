package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked without a Docker engine: the image runs the jar through the launcher the tests run, with the
 * launcher's JVM options (heap cap, exit on OutOfMemoryError), as a non-root user.
 */
class DockerfileTest {

    @Test
    void imageRunsTheJarAsTheTestsDo() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        String entrypoint = instruction(lines, "ENTRYPOINT");
        @SuppressWarnings("unchecked")
        List<String> command = new ObjectMapper().readValue(entrypoint, List.class);
        Path home = Path.of(System.getProperty("user.dir"));
        Path jar = home.relativize(JarProcess.JAR);
        Path launcher = home.relativize(JarProcess.LAUNCHER);
        assertThat(command).containsExactly(launcher.toString());
        assertThat(lines).contains("COPY --from=build /src/target/db-workers.jar " + jar)
                .contains("COPY " + launcher + " " + launcher + "-cds bin/", "RUN " + launcher + "-cds");
        assertThat(Files.isExecutable(JarProcess.LAUNCHER)).isTrue();
        // the launcher finds the jar where the image puts it, next to itself
        assertThat(Files.readString(JarProcess.LAUNCHER)).contains("-Xmx").contains("-XX:+ExitOnOutOfMemoryError")
                .contains("$here/../" + jar);
        assertThat(instruction(lines, "USER")).isNotIn("root", "0");
        assertThat(String.join("\n", lines)).contains("HEALTHCHECK").contains("/observe/health/ready")
                .contains("FROM maven:").contains("-jre");
    }

    private static String instruction(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).reduce((a, b) -> b)
                .map(l -> l.substring(name.length() + 1).trim())
                .orElseThrow(() -> new AssertionError("no " + name + " in the Dockerfile"));
    }
}
