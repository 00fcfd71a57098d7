package io.dbworkers.cluster;

import java.util.Collection;

import org.apache.camel.CamelContext;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.master.MasterEndpoint;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.cluster.ClusterServiceHelper;

import io.dbworkers.component.dbcdc.DbCdcEndpoint;
import io.dbworkers.component.dbpoll.DbPollEndpoint;
import io.dbworkers.config.ConfigurationException;

/**
 * Refuses, before any route starts, a singleton route (the {@code singleton} route policy, any
 * {@code ClusteredRoutePolicy}, or a {@code master:} endpoint) that cannot fail over: one without a cluster service,
 * and one whose offsets are in a local file, which the next leader on another machine cannot read, so that it would
 * start again from the first row.
 */
final class SingletonRoutesCheck extends LifecycleStrategySupport {

    static final String SHARED_OFFSETS = "#" + Clustering.SHARED_OFFSETS_BEAN;

    private final CamelContext context;

    SingletonRoutesCheck(CamelContext context) {
        this.context = context;
    }

    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            if (isSingleton(route)) {
                check(route);
            }
        }
    }

    static boolean isSingleton(Route route) {
        return route.getEndpoint() instanceof MasterEndpoint
                || route.getRoutePolicyList().stream().anyMatch(ClusteredRoutePolicy.class::isInstance);
    }

    private void check(Route route) {
        if (ClusterServiceHelper.lookupService(context).isEmpty()) {
            throw new ConfigurationException(ClusterSettings.URL, "is not set and no cluster service bean is"
                    + " declared, but route '" + route.getRouteId() + "' is a singleton (routePolicy singleton or"
                    + " master:)");
        }
        Endpoint source = route.getEndpoint();
        while (source instanceof DelegateEndpoint delegate && delegate.getEndpoint() != source) {
            source = delegate.getEndpoint();
        }
        if (source instanceof DbPollEndpoint poll && poll.getOffsetStore() == null) {
            throw localOffsets(route, "db-poll", poll.getOffsetFile(), "offsetStore=" + SHARED_OFFSETS);
        }
        if (source instanceof DbCdcEndpoint cdc && cdc.getOffsetStore() == null && cdc.getOffsetDataSource() == null) {
            throw localOffsets(route, "db-cdc", cdc.getOffsetFile(), "offsetStore=" + SHARED_OFFSETS
                    + " (or offsetDataSource)");
        }
    }

    private static ConfigurationException localOffsets(Route route, String scheme, String file, String use) {
        return new ConfigurationException("offsetStore of route '" + route.getRouteId() + "'", "a singleton "
                + scheme + " route keeps its offsets in the local file " + file + ", which the next leader cannot"
                + " read; set " + use + " (the table " + Clustering.OFFSET_TABLE + ", default "
                + Clustering.DEFAULT_OFFSET_TABLE + ", of DATABASE_URL)");
    }
}
