package io.dbworkers.component.dbpoll;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain jar, not the fat one, inside a bare DefaultCamelContext without camel-main: the components are found by
 * their scheme from the generated service files, and their options are set by the generated configurers.
 */
class PlainJarEmbeddingIT {

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }

    @Test
    void componentsResolveByScheme() throws Exception {
        Path plainJar;
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            plainJar = jars.filter(p -> p.getFileName().toString().matches("db-workers-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("run mvn package first: no plain jar in target/"));
        }
        // the plain jar plus the test class path without our own classes: Camel and the drivers, as an app has them
        List<URL> urls = new ArrayList<>();
        urls.add(plainJar.toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith("target/classes") && !entry.endsWith("target/test-classes")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // everything below is loaded by that class loader, so it is driven by reflection
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> contextClass = loader.loadClass(DefaultCamelContext.class.getName());
            Object context = contextClass.getConstructor().newInstance();
            call(context, "start");
            try {
                Object component = context.getClass().getMethod("getComponent", String.class).invoke(context, "db-poll");
                assertThat(component.getClass().getName()).isEqualTo(DbPollComponent.class.getName());
                assertThat(component.getClass().getClassLoader()).isSameAs(loader);
                assertThat(component.getClass().getProtectionDomain().getCodeSource().getLocation().getPath())
                        .endsWith(plainJar.getFileName().toString());
                Object endpoint = context.getClass().getMethod("getEndpoint", String.class).invoke(context,
                        "db-poll:orders?timestampColumn=updated_at&batchSize=42&safetyLag=2s");
                assertThat(call(endpoint, "getBatchSize")).isEqualTo(42);
                assertThat(call(endpoint, "getSafetyLag")).isEqualTo(2000L);
                assertThat(call(endpoint, "getTimestampColumn")).isEqualTo("updated_at");
            } finally {
                call(context, "close");
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }
}
