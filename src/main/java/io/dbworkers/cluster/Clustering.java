package io.dbworkers.cluster;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.Settings;
import io.dbworkers.offset.JdbcOffsetStore;
import io.dbworkers.sql.Identifiers;

/**
 * Running on several machines (docs/clustering.md). Binds, for the route files:
 * <ul>
 * <li>{@code singleton}: Camel's {@code ClusteredRoutePolicy} for {@code CLUSTER_NAMESPACE}; a route with
 * {@code routePolicy: singleton} runs on the one instance that leads the namespace;</li>
 * <li>{@code sharedOffsets}: a {@link JdbcOffsetStore} on the table {@code OFFSET_TABLE} (default {@code db_offsets})
 * of {@code DATABASE_URL}, the offset store every instance reads, so that a new leader resumes where the last one
 * stopped.</li>
 * </ul>
 * With {@code CLUSTER_URL} set, the cluster service is camel-zookeeper's {@code ZooKeeperClusterService}; without it,
 * a cluster service bean of a route file (e.g. camel-kubernetes' {@code KubernetesClusterService}) serves, and
 * {@code master:NS:uri} endpoints work with either.
 */
public final class Clustering {

    public static final String SINGLETON_BEAN = "singleton";
    public static final String SHARED_OFFSETS_BEAN = "sharedOffsets";
    public static final String OFFSET_TABLE = "OFFSET_TABLE";
    public static final String DEFAULT_OFFSET_TABLE = "db_offsets";
    private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);

    private Clustering() {
    }

    public static void install(CamelContext context, Settings settings) throws Exception {
        Optional<ClusterSettings> cluster = ClusterSettings.read(settings);
        String namespace = cluster.map(ClusterSettings::namespace)
                .orElseGet(() -> settings.string(ClusterSettings.NAMESPACE, ClusterSettings.DEFAULT_NAMESPACE));
        String table = settings.string(OFFSET_TABLE, DEFAULT_OFFSET_TABLE);
        Identifiers.requirePlainQualified(OFFSET_TABLE, table);
        DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        if (dataSource != null && context.getRegistry().lookupByName(SHARED_OFFSETS_BEAN) == null) {
            context.getRegistry().bind(SHARED_OFFSETS_BEAN, new JdbcOffsetStore(dataSource, table));
        }
        context.addLifecycleStrategy(new SingletonRoutesCheck(context));
        ZooKeeperRejoin connection = null;
        ZooKeeperClusterService service = null;
        if (cluster.isPresent()) {
            ClusterSettings c = cluster.get();
            ZooKeeperCuratorConfiguration configuration = curatorConfiguration(c);
            connection = new ZooKeeperRejoin(context, c, configuration);
            configuration.setCuratorFramework(connection.curator());
            service = new ZooKeeperClusterService(configuration);
            service.setId(c.nodeId());
            connection.setService(service);
            // the connection first: services stop in reverse order, so the session closes after the elections
            context.addService(connection, true, true);
            context.addService(service, true, true);
            LOG.info("Cluster: node {} in namespace {} at zookeeper://{}{} (session timeout {} s)", c.nodeId(),
                    namespace, c.connectString(), c.basePath(), c.sessionTimeout().toMillis() / 1000.0);
        }
        context.getRegistry().bind(SINGLETON_BEAN, ClusteredRoutePolicy.forNamespace(context, namespace));
        context.addService(new ClusterStatus(context, namespace, connection, service), true, true);
    }

    private static ZooKeeperCuratorConfiguration curatorConfiguration(ClusterSettings c) {
        ZooKeeperCuratorConfiguration configuration = new ZooKeeperCuratorConfiguration();
        configuration.setNodes(c.nodes());
        configuration.setBasePath(c.basePath());
        long timeout = c.sessionTimeout().toMillis();
        configuration.setSessionTimeout(timeout, TimeUnit.MILLISECONDS);
        configuration.setConnectionTimeout(timeout, TimeUnit.MILLISECONDS);
        // each ZooKeeper call retried for about a session timeout, never longer: a leader that cannot reach ZooKeeper
        // must not block in a retry loop past the moment another instance takes over
        configuration.setRetryPolicy(new ExponentialBackoffRetry(250, 3, (int) Math.max(500, timeout / 4)));
        return configuration;
    }
}
