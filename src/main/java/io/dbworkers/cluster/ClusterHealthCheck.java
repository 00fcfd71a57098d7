package io.dbworkers.cluster;

import java.util.Map;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness {@code cluster}: whether this instance leads the namespace ({@code leader} true/false, with
 * {@code namespace} and {@code node}). A follower is ready: waiting is its job. Not ready while the instance is cut off
 * from ZooKeeper (an outage of a server is readiness, never liveness).
 */
final class ClusterHealthCheck extends AbstractHealthCheck {

    static final String ID = "cluster";

    private final ClusterStatus status;

    ClusterHealthCheck(ClusterStatus status) {
        super("db-workers", ID);
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CamelClusterService service = status.service();
        builder.detail("namespace", status.namespace());
        if (service == null) {
            builder.down().message("no cluster service: set " + ClusterSettings.URL);
            return;
        }
        builder.detail("node", service.getId());
        builder.detail("leader", service.isLeader(status.namespace()));
        for (String namespace : service.getNamespaces()) {
            if (!namespace.equals(status.namespace())) {
                builder.detail("leader." + namespace, service.isLeader(namespace));
            }
        }
        String problem = status.problem();
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }
}
