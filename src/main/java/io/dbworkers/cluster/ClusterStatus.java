package io.dbworkers.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Whether this instance leads, for health and metrics: the readiness check {@code cluster} and the gauge
 * {@code dbworkers_cluster_leader{namespace,node}} (1 on the leader, 0 on a follower), for {@code CLUSTER_NAMESPACE}
 * and every namespace a route joined ({@code master:NS:...}) by the time of a health call. The cluster service is the
 * one of {@code CLUSTER_URL}, or a cluster service bean of a route file; with neither, nothing is registered.
 */
final class ClusterStatus extends ServiceSupport {

    private final CamelContext context;
    private final String namespace;
    private final ZooKeeperRejoin connection;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private volatile CamelClusterService service;
    private MeterRegistry meters;

    ClusterStatus(CamelContext context, String namespace, ZooKeeperRejoin connection, CamelClusterService service) {
        this.context = context;
        this.namespace = namespace;
        this.connection = connection;
        this.service = service;
    }

    String namespace() {
        return namespace;
    }

    /** The cluster service in use, or null when there is none. */
    CamelClusterService service() {
        CamelClusterService current = service;
        if (current == null) {
            current = ClusterServiceHelper.lookupService(context).orElse(null);
            service = current;
        }
        if (current != null) {
            gauge(namespace);
            current.getNamespaces().forEach(this::gauge);
        }
        return current;
    }

    /** Null when this instance is in touch with the cluster, else why not. */
    String problem() {
        return connection == null ? null : connection.problem();
    }

    @Override
    protected void doStart() {
        if (service() == null) {
            return;
        }
        meters = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        gauge(namespace);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null && registry.getCheck(ClusterHealthCheck.ID).isEmpty()) {
            ClusterHealthCheck check = new ClusterHealthCheck(this);
            check.setCamelContext(context);
            registry.register(check);
        }
    }

    private void gauge(String name) {
        CamelClusterService current = service;
        if (meters == null || current == null || !gauged.add(name)) {
            return;
        }
        Gauge.builder("dbworkers_cluster_leader", current, s -> s.isLeader(name) ? 1 : 0)
                .description("1 while this instance leads the namespace, else 0")
                .tags("namespace", name, "node", String.valueOf(current.getId()))
                .register(meters);
    }
}
