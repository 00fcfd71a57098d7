package io.dbworkers.app;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import io.dbworkers.config.ConfigurationException;

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
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FailedToCreateRouteException created && route == null) {
                route = "route '" + created.getRouteId() + "'";
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
