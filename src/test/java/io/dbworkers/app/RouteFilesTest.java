package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped route file parses with Camel's YAML loader (Camel 4.17's validator plugin only scans resource
 * folders, and these live in routes/ and examples/).
 */
class RouteFilesTest {

    static Stream<Path> routeFiles() throws Exception {
        List<Path> files;
        try (Stream<Path> routes = Files.list(Path.of("routes")); Stream<Path> examples = Files.list(Path.of("examples"))) {
            // clustered-kubernetes.yaml declares beans only (KubernetesClusterBeanTest)
            files = Stream.concat(routes, examples).filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.endsWith("clustered-kubernetes.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void parses(Path file) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.build();
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath()));
            assertThat(context.getRouteDefinitions()).as("routes in %s", file).isNotEmpty();
        }
    }
}
