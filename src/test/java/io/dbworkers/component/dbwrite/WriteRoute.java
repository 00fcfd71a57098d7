package io.dbworkers.component.dbwrite;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;

/** A CamelContext with one route, {@code direct:write} to a db-write URI, and the DataSource bound as "ds". */
final class WriteRoute implements AutoCloseable {

    final CamelContext context;
    private final ProducerTemplate template;

    private WriteRoute(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    static WriteRoute start(DataSource dataSource, String uri) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("ds", dataSource);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:write").routeId("write").to(uri);
            }
        });
        try {
            context.start();
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
        return new WriteRoute(context);
    }

    /** Sends the body through the route and returns the completed (or failed) exchange. */
    Exchange write(Object body) {
        return template.send("direct:write", e -> e.getMessage().setBody(body));
    }

    MockEndpoint mock(String name) {
        return context.getEndpoint("mock:" + name, MockEndpoint.class);
    }

    /** A sensor_readings row as the Redis-streams writer makes it: entry {@code i} of a device's stream. */
    static Map<String, Object> reading(int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("timestamp", Instant.parse("2026-11-21T00:00:00Z").plusMillis(i * 1001L));
        row.put("device_id", "esp32-" + (i % 7));
        row.put("sensor_type", i % 2 == 0 ? "temperature" : "humidity");
        row.put("value", 20 + i / 8.0);
        row.put("metadata", i % 3 == 0 ? null : Map.of("seq", i, "unit", "°C"));
        row.put("stream", "mqtt_stream:esp32-" + (i % 7) + ":temperature");
        row.put("entry_id", "1700000000000-" + i);
        return row;
    }

    @Override
    public void close() {
        context.stop();
    }
}
