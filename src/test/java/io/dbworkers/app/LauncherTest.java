package io.dbworkers.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/db-workers, the launch path of the README, the Docker image and the tests: the JVM options it gives. */
class LauncherTest {

    @TempDir
    Path dir;

    @Test
    void capsTheHeapAndExitsOnOutOfMemoryByDefault() throws Exception {
        Result result = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"));
        assertThat(result.status).isZero();
        assertThat(result.output).contains("-XX:MaxHeapSize=268435456").contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void serialCollectorUnlessJavaOptsChoosesOne() throws Exception {
        Result serial = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"));
        assertThat(serial.output).contains("-XX:+UseSerialGC").doesNotContain("-XX:+UseG1GC");
        Result g1 = launch(Map.of("DB_WORKERS_JAR", emptyJar(),
                "JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:+UseG1GC -version"));
        assertThat(g1.status).isZero();
        assertThat(g1.output).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void oneShotCommandsCompileWithC1AndRoutesWithBothCompilers() throws Exception {
        // the JVM reads the flags first: -version ends it before the jar's main sees the command
        Result command = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"),
                "validate");
        assertThat(command.output).contains("-XX:TieredStopAtLevel=1");
        Result sync = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"),
                "sync");
        assertThat(sync.output).doesNotContain("TieredStopAtLevel");
        Result routes = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"),
                "routes/ecommerce-demo.yaml");
        assertThat(routes.output).doesNotContain("TieredStopAtLevel");
        Result chosen = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "DB_WORKERS_JIT", "c1",
                "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"));
        assertThat(chosen.output).contains("-XX:TieredStopAtLevel=1");
        Result bad = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "DB_WORKERS_JIT", "fast"));
        assertThat(bad.status).isEqualTo(2);
        assertThat(bad.output.strip()).isEqualTo("db-workers: DB_WORKERS_JIT: 'fast' is not c1 or c2");
    }

    @Test
    void heapIsASetting() throws Exception {
        Result result = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "DB_WORKERS_HEAP", "384m",
                "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"));
        assertThat(result.output).contains("-XX:MaxHeapSize=402653184");
    }

    @Test
    void aBrokenOrStaleArchiveNeverBreaksAStartNorAddsOutput() throws Exception {
        Path archive = dir.resolve("an archive.jsa");
        Files.writeString(archive, "not a class data sharing archive");
        Result result = launch(Map.of("DB_WORKERS_JAR", emptyJar(), "DB_WORKERS_CDS", archive.toString(),
                "JAVA_OPTS", "-XX:+PrintCommandLineFlags -version"));
        assertThat(result.status).isZero();
        assertThat(result.output).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("warning");
    }

    @Test
    void missingJarIsOneLineAndStatusTwo() throws Exception {
        Result result = launch(Map.of("DB_WORKERS_JAR", "target/no-such.jar"));
        assertThat(result.status).isEqualTo(2);
        assertThat(result.output.strip()).isEqualTo(
                "db-workers: DB_WORKERS_JAR: no jar at target/no-such.jar (build it: mvn -B package -DskipTests)");
    }

    /** -version makes java print its flags and exit once it has opened the jar: an empty jar stands in for ours. */
    private String emptyJar() throws IOException {
        Path jar = dir.resolve("empty.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.flush();
        }
        return jar.toString();
    }

    private static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JarProcess.LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("DB_WORKERS_HEAP");
        builder.environment().remove("DB_WORKERS_JIT");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int status, String output) {
    }
}
