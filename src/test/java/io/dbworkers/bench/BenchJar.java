package io.dbworkers.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The jar as a user launches it ({@code bin/db-workers <route file>}, no JVM option of its own), in a work
 * directory of its own, with its output handed line by line to a listener, and its peak RSS read from /proc.
 */
final class BenchJar implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final long launchedNanos;

    private BenchJar(Process process, int httpPort, long launchedNanos) {
        this.process = process;
        this.httpPort = httpPort;
        this.launchedNanos = launchedNanos;
    }

    static BenchJar launch(Path workDir, String routeFile, Map<String, String> env, Consumer<String> lines)
            throws IOException {
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // the launch path users take (heap cap, exit on OutOfMemoryError, the jar's CDS archive)
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of("bin/db-workers").toAbsolutePath().toString(),
                Path.of(routeFile).toAbsolutePath().toString()))
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        long launched = System.nanoTime();
        Process process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
        return new BenchJar(process, port, launched);
    }

    /** Seconds since the launch. */
    double seconds() {
        return (System.nanoTime() - launchedNanos) / 1e9;
    }

    /** Waits until /observe/health/ready answers 200. */
    void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the jar ended with status " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + httpPort + "/observe/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the jar did not become ready in 120 s");
    }

    /** The process's peak resident set size (VmHWM), in MB. */
    long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** CPU seconds (user + system) the process used so far, from /proc/<pid>/stat (clock ticks of 1/100 s). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
