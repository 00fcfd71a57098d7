package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** What can be checked without a Docker engine: the image runs the jar the way the tests do, as a non-root user. */
class DockerfileTest {

    @Test
    void imageRunsTheJarAsTheTestsDo() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        String entrypoint = instruction(lines, "ENTRYPOINT");
        @SuppressWarnings("unchecked")
        List<String> command = new ObjectMapper().readValue(entrypoint, List.class);
        Path jar = Path.of(System.getProperty("user.dir")).relativize(JarProcess.JAR);
        assertThat(command).containsExactly("java", "-jar", jar.toString());
        assertThat(lines).contains("COPY --from=build /src/target/db-workers.jar " + jar);
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
