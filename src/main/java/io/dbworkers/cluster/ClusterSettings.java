package io.dbworkers.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Settings;

/**
 * The cluster settings, validated once at start:
 * <ul>
 * <li>{@code CLUSTER_URL}: {@code zookeeper://host:port[,host:port]/basePath}; unset, db-workers runs alone;</li>
 * <li>{@code CLUSTER_NODE_ID} (default the host name): this instance's name in the election and in health/metrics;</li>
 * <li>{@code CLUSTER_SESSION_TIMEOUT_SEC} (default 6): how long ZooKeeper waits for a silent instance before its
 * leadership passes on; the floor of the fail-over time;</li>
 * <li>{@code CLUSTER_NAMESPACE} (default {@code db-workers}): the election the {@code singleton} route policy joins.</li>
 * </ul>
 *
 * @param nodes          ZooKeeper's {@code host:port} list
 * @param basePath       the znode under which every namespace's election lives, starting with {@code /}
 * @param nodeId         this instance's id
 * @param sessionTimeout the ZooKeeper session timeout
 * @param namespace      the namespace of the {@code singleton} policy
 */
public record ClusterSettings(List<String> nodes, String basePath, String nodeId, Duration sessionTimeout,
                              String namespace) {

    public static final String URL = "CLUSTER_URL";
    public static final String NODE_ID = "CLUSTER_NODE_ID";
    public static final String SESSION_TIMEOUT = "CLUSTER_SESSION_TIMEOUT_SEC";
    public static final String NAMESPACE = "CLUSTER_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "db-workers";
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

    private static final String SCHEME = "zookeeper://";
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+\\]:\\d{1,5}");
    private static final Pattern PATH_ELEMENT = Pattern.compile("[A-Za-z0-9._-]+");

    /** The cluster settings, or empty when {@code CLUSTER_URL} is unset; the others are checked even then. */
    public static Optional<ClusterSettings> read(Settings settings) {
        String namespace = settings.string(NAMESPACE, DEFAULT_NAMESPACE);
        if (!PATH_ELEMENT.matcher(namespace).matches() || namespace.matches("\\.+")) {
            throw new ConfigurationException(NAMESPACE, "'" + namespace + "' must be letters, digits, '.', '_' or"
                    + " '-' (it is a ZooKeeper node name)");
        }
        Duration timeout = settings.seconds(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigurationException(SESSION_TIMEOUT, settings.string(SESSION_TIMEOUT).orElse("")
                    + " is outside 1..60 seconds");
        }
        String nodeId = settings.string(NODE_ID).orElseGet(ClusterSettings::hostName);
        if (nodeId.contains("/") || nodeId.length() > 200) {
            throw new ConfigurationException(NODE_ID, "'" + nodeId + "' must have no '/' and at most 200 characters");
        }
        Optional<String> url = settings.string(URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(url.get(), nodeId, timeout, namespace));
    }

    static ClusterSettings parse(String url, String nodeId, Duration timeout, String namespace) {
        if (!url.startsWith(SCHEME)) {
            throw new ConfigurationException(URL, "'" + url + "' is not zookeeper://host:port[,host:port]/basePath"
                    + " (a Kubernetes cluster service is a bean in a route file: docs/clustering.md)");
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        List<String> nodes = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!HOST_PORT.matcher(host.trim()).matches()) {
                throw new ConfigurationException(URL, "'" + host + "' in '" + url + "' is not host:port");
            }
            nodes.add(host.trim());
        }
        if (path.length() < 2 || path.endsWith("/")) {
            throw new ConfigurationException(URL, "'" + url + "' has no base path (zookeeper://host:port/db-workers)");
        }
        for (String element : path.substring(1).split("/")) {
            if (!PATH_ELEMENT.matcher(element).matches() || element.matches("\\.+")) {
                throw new ConfigurationException(URL, "'" + path + "' in '" + url + "' is not a ZooKeeper path of"
                        + " letters, digits, '.', '_' and '-'");
            }
        }
        return new ClusterSettings(List.copyOf(nodes), path, nodeId, timeout, namespace);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new ConfigurationException(NODE_ID, "is not set and the host name cannot be read: "
                    + e.getMessage());
        }
    }

    /** ZooKeeper's connect string. */
    public String connectString() {
        return String.join(",", nodes);
    }
}
