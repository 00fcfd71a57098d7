package io.dbworkers.app;

import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route {@code init} writes parses as a Camel YAML route with the given id and the dead-letter opt-in. */
class RouteTemplatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"cdc", "writer", "sync", "queue"})
    void templateParses(String kind) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            String yaml = RouteTemplates.route(kind, "my-" + kind);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.fromString("my-" + kind + ".yaml", yaml));
            var routes = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
            assertThat(routes).singleElement().satisfies(route -> {
                assertThat(route.getRouteId()).isEqualTo("my-" + kind);
                assertThat(route.getRouteConfigurationId()).isEqualTo("dead-letter");
            });
            assertThat(RouteTemplates.properties(kind, "my-" + kind, "mysql")).contains("my-" + kind + ".")
                    .contains("# DATABASE_URL = mysql://");
            assertThat(List.of(yaml.split("\n"))).allMatch(l -> !l.contains("NAME"));
        }
    }
}
