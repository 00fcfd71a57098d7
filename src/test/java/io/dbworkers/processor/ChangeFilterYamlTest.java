package io.dbworkers.processor;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/** The filter declared in a YAML route, as a per-change route uses it: a bean with its rules and a {@code filter}. */
class ChangeFilterYamlTest {

    private static final String ROUTES = """
            - beans:
                - name: changeFilter
                  type: io.dbworkers.processor.ChangeFilter
                  properties:
                    skipTables: audit_log
                    skipOperations: DELETE
            - route:
                id: filtered
                from:
                  uri: direct:changes
                  steps:
                    - filter:
                        method:
                          ref: changeFilter
                          method: keep
                        steps:
                          - to: mock:published
            """;

    @Test
    void theYamlFilterSkipsWhatTheBeanSays() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.fromString("filtered.yaml", ROUTES));
            context.start();
            MockEndpoint published = context.getEndpoint("mock:published", MockEndpoint.class);
            published.expectedBodiesReceived(change("orders", ChangeType.INSERT));
            ProducerTemplate template = context.createProducerTemplate();
            template.sendBody("direct:changes", change("audit_log", ChangeType.INSERT));
            template.sendBody("direct:changes", change("orders", ChangeType.DELETE));
            template.sendBody("direct:changes", change("orders", ChangeType.INSERT));
            published.assertIsSatisfied();
        }
    }

    private static DatabaseChange change(String table, ChangeType type) {
        return new DatabaseChange("public", table, type, Map.of("id", 1), type == ChangeType.DELETE ? null
                : Map.of("id", 1), type == ChangeType.DELETE ? Map.of("id", 1) : null, null,
                new SourcePosition("pgoutput", "1"));
    }
}
