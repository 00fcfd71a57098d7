package io.dbworkers.component.dbcdc;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broken plugin jar on the class path (a service entry naming a class that is not there) makes creating the
 * Debezium engine throw a {@link java.util.ServiceConfigurationError}, an {@code Error}: the consumer becomes not ready
 * with that reason, stays live, starts the engine again, and captures every change committed meanwhile.
 */
class PostgresCdcEngineErrorIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcEngineErrorIT.class);
    private static final String BUILDER_SERVICE = "META-INF/services/io.debezium.engine.DebeziumEngine$BuilderFactory";
    private static HikariDataSource db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcEngineErrorIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void anErrorCreatingTheEngineIsReportedAndTheCaptureResumes() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&reader=debezium&retryDelay=3000&maxRetryDelay=3000&offsetFile=" + CdcCapture.offsetFile(NAME);
        Path broken = Files.writeString(dir.resolve("BuilderFactory"), "io.dbworkers.plugin.MissingEngineBuilder\n");
        BrokenPluginLoader loader = new BrokenPluginLoader(broken.toUri().toURL(), 1);
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        // the capture thread is created by the starting thread and inherits its class loader
        Thread.currentThread().setContextClassLoader(loader);
        CdcCapture capture;
        try {
            capture = CdcCapture.start(uri);
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
        try (capture) {
            HealthCheck check = capture.healthCheck();
            await().atMost(Duration.ofSeconds(30)).until(() -> check.callReadiness().getState() == HealthCheck.State.DOWN);
            assertThat(check.callReadiness().getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .startsWith("db-cdc:" + NAME + " failed: ServiceConfigurationError"));
            assertThat(check.callLiveness().getState()).as("a loop that restarts is alive").isEqualTo(HealthCheck.State.UP);
            assertThat(loader.failures.get()).isZero();

            execute(db, "INSERT INTO orders (id, status) VALUES (1, 'while down')",
                    "INSERT INTO orders (id, status) VALUES (2, 'while down')");
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() >= 2);
            execute(db, "INSERT INTO orders (id, status) VALUES (3, 'after')");
            await().atMost(Duration.ofSeconds(30)).until(() -> capture.changes.size() >= 3);
            assertThat(capture.changes).extracting(c -> c.primaryKey().get("id")).containsExactly(1, 2, 3);
            assertThat(check.callReadiness().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    /** Adds a broken entry to the engine builders' service file, as a faulty plugin jar would, a number of times. */
    private static final class BrokenPluginLoader extends ClassLoader {

        private final URL broken;
        private final AtomicInteger failures;

        BrokenPluginLoader(URL broken, int failures) {
            super(BrokenPluginLoader.class.getClassLoader());
            this.broken = broken;
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> found = super.getResources(name);
            if (!BUILDER_SERVICE.equals(name) || failures.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                return found;
            }
            List<URL> urls = new ArrayList<>();
            urls.add(broken);
            urls.addAll(Collections.list(found));
            return Collections.enumeration(urls);
        }
    }
}
