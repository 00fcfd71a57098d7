package io.dbworkers.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import com.fasterxml.jackson.core.type.TypeReference;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.dbpoll.DbPollConstants;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetterRecord;
import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.deadletter.source.DeadLetterSource.Entry;

/**
 * Runs dead letters again through the steps of the route they failed in. It starts the route files in a Camel context
 * of its own, with every route's {@code from} replaced by {@code direct:db-workers-replay-<routeId>} (so no source is
 * polled or consumed), the runner's beans, and a {@code dead-letter} route configuration without redeliveries or
 * dead-letter target: a change that fails again fails the replay and stays where it is.
 */
final class Replayer implements AutoCloseable {

    static final String REPLAY_PREFIX = "direct:db-workers-replay-";

    private final CamelContext context;
    private final ProducerTemplate template;

    Replayer(Settings settings, String routesPattern) throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:application.properties;optional=true");
        DbWorkersConfiguration.bindBeans(context, settings);
        context.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration(DeadLetters.ROUTE_CONFIGURATION_ID).errorHandler(noErrorHandler());
            }
        });
        List<Resource> resources = new ArrayList<>();
        for (String pattern : routesPattern.split(",")) {
            resources.addAll(PluginHelper.getPackageScanResourceResolver(context).findResources(pattern.trim()));
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions()) {
            FromDefinition from = route.getInput();
            from.setEndpointConsumerBuilder(null);
            from.setUri(REPLAY_PREFIX + route.getRouteId());
        }
        context.start();
        template = context.createProducerTemplate();
    }

    /** The endpoint an entry goes to: {@code to} when given, else the replay input of the route it failed in. */
    String target(Entry entry, String to) {
        if (to != null) {
            return to;
        }
        String route = entry.field(DeadLetterRecord.ROUTE);
        if (route.isEmpty() || context.getRoute(route) == null) {
            throw new ConfigurationException("ROUTE", "dead letter " + entry.id() + " failed in route '" + route
                    + "', which is in none of the route files; give --to URI");
        }
        return REPLAY_PREFIX + route;
    }

    /** Sends the entry and waits for the outcome; throws when it failed again. */
    void replay(Entry entry, String endpoint) throws Exception {
        Object body = body(entry.field(DeadLetterRecord.PAYLOAD));
        Exchange exchange = template.send(endpoint, e -> {
            e.getMessage().setBody(body);
            if (body instanceof DatabaseChange change) {
                e.getMessage().setHeader(DbPollConstants.TABLE, change.qualifiedTable());
                e.getMessage().setHeader(DbPollConstants.CHANGE_TYPE, change.changeType().name());
            }
        });
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }

    /** A change, a batch of changes, or the text as it was. */
    static Object body(String payload) {
        String trimmed = payload.trim();
        try {
            if (trimmed.startsWith("{") && trimmed.contains("\"changeType\"")) {
                return ChangeJson.fromJson(trimmed);
            }
            if (trimmed.startsWith("[") && trimmed.contains("\"changeType\"")) {
                return ChangeJson.mapper().readValue(trimmed, new TypeReference<List<DatabaseChange>>() {
                });
            }
        } catch (IOException | RuntimeException e) {
            return payload;
        }
        return payload;
    }

    @Override
    public void close() {
        context.stop();
    }

}
