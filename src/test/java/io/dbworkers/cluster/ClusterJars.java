package io.dbworkers.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.dbworkers.it.JarProcess;

/**
 * Instances of the jar clustered over one ZooKeeper base path of the test's own (so that test classes and runs never
 * share an election), each in a working directory of its own as on separate machines. The node id is also the
 * PostgreSQL {@code application_name} of the instance's connections (a parameter of its DATABASE_URL), so that the
 * sink rows and offset saves of the test say which instance wrote them. {@link #close()} kills whatever still runs.
 */
final class ClusterJars implements AutoCloseable {

    /** The shared ZooKeeper that scripts/prepare-servers.sh starts. */
    static final String ZOOKEEPER = "127.0.0.1:2181";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LEADER_GAUGE = Pattern.compile("(?m)^dbworkers_cluster_leader\\{[^}]*\\}\\s+(\\S+)$");

    private final Path workDir;
    private final Path logDir;
    private final String clusterUrl;
    private final String databaseUrl;
    private final Map<String, String> env;
    private final Map<String, JarProcess> jars = new LinkedHashMap<>();
    private final Map<String, JarProcess> all = new LinkedHashMap<>();

    /**
     * @param zookeeper   host:port the instances reach ZooKeeper at (the shared one, or a proxy in front of it)
     * @param databaseUrl DATABASE_URL without query (the node's application_name is added)
     * @param env         more settings for every instance
     */
    ClusterJars(Path workDir, Class<?> testClass, String zookeeper, String databaseUrl, Map<String, String> env) {
        this.workDir = workDir;
        this.logDir = Path.of("target", "cluster-it-logs", testClass.getSimpleName());
        this.clusterUrl = "zookeeper://" + zookeeper + "/db-workers-it/" + testClass.getSimpleName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        this.databaseUrl = databaseUrl;
        this.env = Map.copyOf(env);
    }

    String clusterUrl() {
        return clusterUrl;
    }

    /** Starts an instance with this node id and these route files (copied into its working directory). */
    JarProcess start(String node, Path... routeFiles) throws Exception {
        return start(node, Map.of(), routeFiles);
    }

    /** The same, with more settings for this instance only. */
    JarProcess start(String node, Map<String, String> more, Path... routeFiles) throws Exception {
        String name = node + "-" + all.size();
        Path dir = Files.createDirectories(workDir.resolve(name));
        List<String> args = new ArrayList<>();
        for (Path file : routeFiles) {
            Files.copy(file, dir.resolve(file.getFileName()));
            args.add(file.getFileName().toString());
        }
        Map<String, String> settings = new HashMap<>(env);
        settings.put("CLUSTER_URL", clusterUrl);
        settings.put("CLUSTER_NODE_ID", node);
        settings.put("DATABASE_URL", databaseUrl + "?ApplicationName=" + node);
        settings.putAll(more);
        JarProcess jar = JarProcess.start(dir, settings, args.toArray(String[]::new));
        jars.put(node, jar);
        all.put(name, jar);
        return jar;
    }

    JarProcess jar(String node) {
        return jars.get(node);
    }

    /**
     * Whether each running instance says it leads, from its gauge {@code dbworkers_cluster_leader} on
     * /observe/metrics; an instance that does not answer (yet) or has no gauge is left out.
     */
    Map<String, Boolean> leaderGauges() {
        Map<String, Boolean> gauges = new LinkedHashMap<>();
        jars.forEach((node, jar) -> {
            if (jar.isAlive()) {
                leaderGauge(jar).ifPresent(leads -> gauges.put(node, leads));
            }
        });
        return gauges;
    }

    /** The instances whose gauge says they lead. */
    List<String> leaders() {
        return leaderGauges().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    /** The HTTP status of the instance's /observe/health/ready (200 ready, 503 not), or -1 when it does not answer. */
    int readiness(String node) {
        try {
            return get(jars.get(node), "health/ready").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(JarProcess jar, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort() + "/observe/" + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Optional<Boolean> leaderGauge(JarProcess jar) {
        try {
            HttpResponse<String> response = get(jar, "metrics");
            Matcher m = LEADER_GAUGE.matcher(response.body());
            return m.find() ? Optional.of(Double.parseDouble(m.group(1)) == 1.0) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Waits for a condition; on time-out the error says what did not happen, and where the instances' logs are. */
    void await(String what, int seconds, Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(250))
                    .until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + seconds + " s; the instances' logs: "
                    + logDir.toAbsolutePath(), e);
        }
    }

    /** Kills whatever still runs and keeps every instance's output in target/cluster-it-logs/TestClass/. */
    @Override
    public void close() throws Exception {
        Files.createDirectories(logDir);
        for (Map.Entry<String, JarProcess> jar : all.entrySet()) {
            jar.getValue().close();
            Files.writeString(logDir.resolve(jar.getKey() + ".log"), jar.getValue().output());
        }
    }
}
