package io.dbworkers.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two jars run the same singleton route in one ZooKeeper namespace of this test's own: both are ready, the readiness
 * check {@code cluster} says which one leads ({@code leader} true on one, false on the other, with namespace and node),
 * and {@code dbworkers_cluster_leader} is 1 on the leader and 0 on the follower; only the leader runs the route. After
 * a kill -9 of the leader the follower leads (once ZooKeeper expires the dead session, about
 * CLUSTER_SESSION_TIMEOUT_SEC; the bound here is generous for a loaded machine).
 */
class ClusterLeaderHealthIT {

    private static final String ROUTE = """
            - route:
                id: tick
                routePolicy: singleton
                from:
                  uri: timer:tick?period=500
                  steps:
                    - log: "tick from ${sys.nodeId}"
            """;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<JarProcess> jars = new ArrayList<>();

    @AfterEach
    void stopJars() throws InterruptedException {
        for (JarProcess jar : jars) {
            jar.close();
        }
    }

    @Test
    void oneLeaderOneReadyFollowerThenTheFollowerTakesOver() throws Exception {
        String url = "zookeeper://127.0.0.1:2181/db-workers-it/ClusterLeaderHealthIT/" + UUID.randomUUID();
        JarProcess a = start("node-a", url);
        JarProcess b = start("node-b", url);

        await("both ready, one leads").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ready(a) && ready(b) && gauge(a, "node-a") + gauge(b, "node-b") == 1);
        JarProcess leader = gauge(a, "node-a") == 1 ? a : b;
        JarProcess follower = leader == a ? b : a;
        String leaderId = leader == a ? "node-a" : "node-b";
        String followerId = leader == a ? "node-b" : "node-a";

        JsonNode leaderCheck = clusterCheck(leader);
        assertThat(leaderCheck.path("status").asText()).isEqualTo("UP");
        assertThat(leaderCheck.path("data").path("leader").asBoolean()).isTrue();
        assertThat(leaderCheck.path("data").path("node").asText()).isEqualTo(leaderId);
        assertThat(leaderCheck.path("data").path("namespace").asText()).isEqualTo("db-workers");
        JsonNode followerCheck = clusterCheck(follower);
        assertThat(followerCheck.path("status").asText()).as("a follower is ready").isEqualTo("UP");
        assertThat(followerCheck.path("data").path("leader").asBoolean()).isFalse();
        assertThat(followerCheck.path("data").path("node").asText()).isEqualTo(followerId);
        await("the leader runs the route").atMost(Duration.ofSeconds(60))
                .until(() -> leader.output().contains("tick from "));
        assertThat(follower.output()).as("the follower does not run the route").doesNotContain("tick from ");

        leader.kill();
        await("the follower takes over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> gauge(follower, followerId) == 1);
        assertThat(clusterCheck(follower).path("data").path("leader").asBoolean()).isTrue();
        await("the new leader runs the route").atMost(Duration.ofSeconds(60))
                .until(() -> follower.output().contains("tick from "));
        assertThat(ready(follower)).isTrue();
    }

    private JarProcess start(String node, String url) throws Exception {
        Path work = Files.createDirectories(dir.resolve(node));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("tick.yaml"), ROUTE.replace("${sys.nodeId}", node));
        JarProcess jar = JarProcess.start(work, Map.of("CLUSTER_URL", url, "CLUSTER_NODE_ID", node));
        jars.add(jar);
        return jar;
    }

    private static boolean ready(JarProcess jar) {
        try {
            return get(jar, "/observe/health/ready").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** dbworkers_cluster_leader of the node, or -1 while the metrics do not answer. */
    private static int gauge(JarProcess jar, String node) {
        try {
            String metrics = get(jar, "/observe/metrics").body();
            String prefix = "dbworkers_cluster_leader{namespace=\"db-workers\",node=\"" + node + "\"} ";
            return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> (int) Double.parseDouble(l.substring(prefix.length()).trim())).orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static JsonNode clusterCheck(JarProcess jar) throws Exception {
        JsonNode health = JSON.readTree(get(jar, "/observe/health?data=true").body());
        for (JsonNode check : health.path("checks")) {
            if ("cluster".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no cluster check in " + health);
    }

    private static HttpResponse<String> get(JarProcess jar, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
