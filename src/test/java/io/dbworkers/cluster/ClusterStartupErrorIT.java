package io.dbworkers.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A singleton route that could not fail over is refused at start with one line naming the setting, exit status 2:
 * offsets in a local file (db-poll, db-cdc, with routePolicy singleton or master:), no cluster service at all, a
 * malformed cluster setting. The jar runs on the embedded database (its demo schema has the orders table) and, where
 * CLUSTER_URL is set, the local ZooKeeper under a base path of this test's own.
 */
class ClusterStartupErrorIT {

    private static final String ZOOKEEPER = "zookeeper://127.0.0.1:2181/db-workers-it/ClusterStartupErrorIT/"
            + UUID.randomUUID();
    private static final String POLL = "db-poll:orders?timestampColumn=updated_at";

    @TempDir
    Path workDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // routePolicy|from uri|CLUSTER_URL|the line
        "singleton|" + POLL + "|zk|db-workers: offsetStore of route 'x': a singleton db-poll route keeps its offsets in"
            + " the local file data/offsets/db-poll.json, which the next leader cannot read; set"
            + " offsetStore=#sharedOffsets (the table OFFSET_TABLE, default db_offsets, of DATABASE_URL)",
        "|master:orders:" + POLL + "|zk|db-workers: offsetStore of route 'x': a singleton db-poll route keeps its"
            + " offsets in the local file data/offsets/db-poll.json",
        "singleton|db-cdc:x?url=postgresql://127.0.0.1:5432/postgres&offsetFile=data/cdc.json|zk|db-workers:"
            + " offsetStore of route 'x': a singleton db-cdc route keeps its offsets in the local file data/cdc.json,"
            + " which the next leader cannot read; set offsetStore=#sharedOffsets (or offsetDataSource)",
        "singleton|" + POLL + "&offsetStore=#sharedOffsets||db-workers: CLUSTER_URL: is not set and no cluster service"
            + " bean is declared, but route 'x' is a singleton (routePolicy singleton or master:)",
        "singleton|" + POLL + "&offsetStore=#sharedOffsets|zookeeper://127.0.0.1/x|db-workers: CLUSTER_URL:"
            + " '127.0.0.1' in 'zookeeper://127.0.0.1/x' is not host:port"})
    void refused(String policy, String uri, String clusterUrl, String expected) throws Exception {
        String route = "- route:\n    id: x\n" + (policy == null ? "" : "    routePolicy: " + policy + "\n")
                + "    from:\n      uri: \"" + uri + "\"\n      steps:\n        - log: x\n";
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.writeString(routes.resolve("singleton.yaml"), route);
        Map<String, String> env = new HashMap<>(Map.of("STARTUP_WAIT_SEC", "2", "CLUSTER_NODE_ID", "startup-it"));
        if (clusterUrl != null) {
            env.put("CLUSTER_URL", "zk".equals(clusterUrl) ? ZOOKEEPER : clusterUrl);
        }
        try (JarProcess jar = JarProcess.start(workDir, env)) {
            assertThat(jar.waitFor(120)).as(jar.output()).isEqualTo(2);
            String output = jar.output();
            assertThat(output.lines().filter(l -> l.startsWith("db-workers: "))).singleElement().asString()
                    .startsWith(expected);
            assertThat(output).doesNotContain("\tat ");
        }
    }
}
