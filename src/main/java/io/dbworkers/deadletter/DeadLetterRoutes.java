package io.dbworkers.deadletter;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteConfigurationBuilder;

import io.dbworkers.config.Settings;

/** Placeholder until the dead-letter branch lands: replaced by the real channel at merge. */
public class DeadLetterRoutes extends RouteConfigurationBuilder {

    public static void install(CamelContext context, Settings settings) throws Exception {
        context.addRoutes(new DeadLetterRoutes());
    }

    @Override
    public void configuration() {
        routeConfiguration("dead-letter").errorHandler(deadLetterChannel("log:dead-letter?showAll=true")
                .maximumRedeliveries(0));
    }
}
