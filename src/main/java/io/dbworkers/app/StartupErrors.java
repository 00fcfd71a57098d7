package io.dbworkers.app;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import io.dbworkers.cluster.ClusterSettings;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.deadletter.DeadLetterTarget;
import io.dbworkers.deadletter.DeadLetters;
import io.lettuce.core.RedisConnectionException;

/**
 * Turns what Camel throws for a broken route file into a {@link ConfigurationException} with one line that names the
 * file or route and what is wrong: a YAML file that does not parse (file and line), an unknown bean, an endpoint
 * that cannot be resolved.
 */
final class StartupErrors {

    private StartupErrors() {
    }

    /** The configuration error behind the failure, or null when it is not one. */
    static ConfigurationException translate(Throwable failure) {
        ConfigurationException configuration = DbWorkersMain.configurationCause(failure);
        if (configuration != null) {
            return configuration;
        }
        String route = null;
        String routeId = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FailedToCreateRouteException created && route == null) {
                routeId = created.getRouteId();
                route = "route '" + routeId + "'";
            } else if (t instanceof FailedToStartRouteException started && route == null) {
                routeId = started.getRouteId();
                route = "route '" + routeId + "'";
            } else if (t instanceof RedisConnectionException redis) {
                String setting = DeadLetters.ROUTE_ID.equals(routeId) ? DeadLetterTarget.URL_SETTING
                        : route == null ? "redisUri" : "redisUri of " + route;
                return new ConfigurationException(setting, Masking.mask(firstLine(redis.getMessage())) + ": "
                        + Masking.mask(rootMessage(redis)));
            } else if (t instanceof IllegalArgumentException && thrownBy(t, "io.lettuce.core.RedisURI")) {
                return new ConfigurationException(route == null ? "redisUri" : "redisUri of " + route,
                        "not a valid Redis URL: " + firstLine(t.getMessage()));
            } else if (t instanceof IllegalStateException && "CamelCluster service not found".equals(t.getMessage())) {
                // ClusteredRoutePolicy (routePolicy: singleton, master:) without CLUSTER_URL or a cluster service bean
                return new ConfigurationException(ClusterSettings.URL, "is not set and no cluster service bean is"
                        + " declared, but " + (route == null ? "a route" : route) + " is a singleton (routePolicy"
                        + " singleton or master:)");
            } else if (t instanceof MarkedYamlEngineException yaml) {
                return yaml(yaml);
            } else if (t instanceof NoSuchBeanException bean) {
                return new ConfigurationException(route == null ? "routes" : route, "no bean named '"
                        + bean.getName() + "' in the registry");
            } else if (t instanceof ResolveEndpointFailedException endpoint) {
                return new ConfigurationException(route == null ? "routes" : route, "cannot resolve endpoint "
                        + endpoint.getUri() + ": " + rootMessage(endpoint));
            } else if (t instanceof NoSuchEndpointException endpoint) {
                return new ConfigurationException(route == null ? "routes" : route, firstLine(endpoint.getMessage()));
            } else if (t.getClass().getName().startsWith("org.apache.camel.dsl.yaml")
                    && t.getMessage() != null && t.getCause() == null) {
                return new ConfigurationException("route file", firstLine(t.getMessage()));
            }
        }
        return null;
    }

    private static ConfigurationException yaml(MarkedYamlEngineException e) {
        Mark mark = e.getProblemMark().orElse(e.getContextMark().orElse(null));
        String file = mark == null ? "route file" : mark.getName();
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
        String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        return new ConfigurationException(file, "does not parse as YAML: " + where + problem + context);
    }

    private static boolean thrownBy(Throwable t, String className) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "unknown component or option" : firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
