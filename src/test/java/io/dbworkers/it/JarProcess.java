package io.dbworkers.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The standalone jar, run as users run it: {@code bin/db-workers ROUTE_FILE...} (the launcher) in a directory. */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of(System.getProperty("user.dir"), "target", "db-workers.jar");
    /** The launcher: it runs {@link #JAR} with the JVM options a user gets (heap cap, exit on OutOfMemoryError). */
    public static final Path LAUNCHER = Path.of(System.getProperty("user.dir"), "bin", "db-workers");

    private final Process process;
    private final Path log;
    private final int httpPort;

    private JarProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static JarProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "db-workers", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("DEAD_LETTER_")
                || k.startsWith("LOG_") || k.startsWith("DB_WORKERS_") || k.equals("JAVA_OPTS")
                || k.equals("HTTP_PORT"));
        // a free port of its own, so that jars of concurrent tests never collide on 8080
        int httpPort = env.containsKey("HTTP_PORT") ? -1 : freePort();
        builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
        builder.environment().putAll(env);
        return new JarProcess(builder.start(), log, httpPort);
    }

    /** The port of /observe/health and /observe/metrics; -1 when the test gave HTTP_PORT itself. */
    public int httpPort() {
        return httpPort;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** kill -9: no shutdown hook, no graceful stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("db-workers still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
