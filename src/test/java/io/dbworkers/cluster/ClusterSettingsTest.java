package io.dbworkers.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

    private static Settings settings(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new Settings(map::get);
    }

    @Test
    void unsetUrlMeansNoCluster() {
        assertThat(ClusterSettings.read(settings())).isEmpty();
    }

    @Test
    void urlWithSeveralServersAndDefaults() {
        ClusterSettings c = ClusterSettings.read(settings("CLUSTER_URL", "zookeeper://zk1:2181,10.0.0.2:2182/a/db-workers",
                "CLUSTER_NODE_ID", "worker-1")).orElseThrow();
        assertThat(c.nodes()).isEqualTo(List.of("zk1:2181", "10.0.0.2:2182"));
        assertThat(c.connectString()).isEqualTo("zk1:2181,10.0.0.2:2182");
        assertThat(c.basePath()).isEqualTo("/a/db-workers");
        assertThat(c.nodeId()).isEqualTo("worker-1");
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.namespace()).isEqualTo("db-workers");
    }

    @Test
    void nodeIdDefaultsToTheHostName() {
        ClusterSettings c = ClusterSettings.read(settings("CLUSTER_URL", "zookeeper://127.0.0.1:2181/x")).orElseThrow();
        assertThat(c.nodeId()).isNotBlank();
    }

    @Test
    void sessionTimeoutAndNamespace() {
        ClusterSettings c = ClusterSettings.read(settings("CLUSTER_URL", "zookeeper://127.0.0.1:2181/x",
                "CLUSTER_SESSION_TIMEOUT_SEC", "2.5", "CLUSTER_NAMESPACE", "orders.v2")).orElseThrow();
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.namespace()).isEqualTo("orders.v2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CLUSTER_URL|zk://127.0.0.1:2181/x|CLUSTER_URL: 'zk://127.0.0.1:2181/x' is not zookeeper://host:port[,host:port]/basePath",
        "CLUSTER_URL|zookeeper://127.0.0.1/x|CLUSTER_URL: '127.0.0.1' in 'zookeeper://127.0.0.1/x' is not host:port",
        "CLUSTER_URL|zookeeper://127.0.0.1:2181|CLUSTER_URL: 'zookeeper://127.0.0.1:2181' has no base path",
        "CLUSTER_URL|zookeeper://127.0.0.1:2181/|CLUSTER_URL: 'zookeeper://127.0.0.1:2181/' has no base path",
        "CLUSTER_URL|zookeeper://127.0.0.1:2181/a b|CLUSTER_URL: '/a b' in 'zookeeper://127.0.0.1:2181/a b' is not a ZooKeeper path",
        "CLUSTER_URL|zookeeper://127.0.0.1:2181/a/../b|CLUSTER_URL: '/a/../b' in",
        "CLUSTER_SESSION_TIMEOUT_SEC|0.5|CLUSTER_SESSION_TIMEOUT_SEC: 0.5 is outside 1..60 seconds",
        "CLUSTER_SESSION_TIMEOUT_SEC|six|CLUSTER_SESSION_TIMEOUT_SEC: 'six' is not a number of seconds",
        "CLUSTER_NAMESPACE|a/b|CLUSTER_NAMESPACE: 'a/b' must be letters, digits",
        "CLUSTER_NODE_ID|x/y|CLUSTER_NODE_ID: 'x/y' must have no '/'"})
    void badValuesNameTheSetting(String setting, String value, String message) {
        Map<String, String> map = new HashMap<>(Map.of(setting, value));
        map.putIfAbsent("CLUSTER_URL", "zookeeper://127.0.0.1:2181/x");
        assertThatThrownBy(() -> ClusterSettings.read(new Settings(map::get)))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(message);
    }

    @Test
    void namespaceIsCheckedAlsoWithoutCluster() {
        assertThatThrownBy(() -> ClusterSettings.read(settings("CLUSTER_NAMESPACE", "..")))
                .hasMessageStartingWith("CLUSTER_NAMESPACE: '..'");
    }
}
