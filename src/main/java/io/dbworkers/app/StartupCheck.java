package io.dbworkers.app;

import java.time.Duration;
import java.util.List;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.health.DependencyCheck;
import io.dbworkers.health.DependencyHealthChecks;

/**
 * Once the routes have started, waits up to {@code STARTUP_WAIT_SEC} for every database, Redis and RabbitMQ server the
 * routes use to answer. One that still does not is a configuration error: db-workers stops and the runner prints the
 * setting that names the server.
 */
final class StartupCheck extends MainListenerSupport {

    static final String WAIT_SETTING = "STARTUP_WAIT_SEC";
    private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);

    private final Duration wait;
    private volatile ConfigurationException failure;

    StartupCheck(Duration wait) {
        this.wait = wait;
    }

    /** The reason start-up was given up, or null. */
    ConfigurationException failure() {
        return failure;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        DependencyHealthChecks checks = main.getCamelContext().getRegistry()
                .findSingleByType(DependencyHealthChecks.class);
        if (checks == null) {
            return;
        }
        try {
            List<DependencyCheck> dependencies = checks.dependencies();
            long deadline = System.nanoTime() + wait.toNanos();
            for (DependencyCheck check : dependencies) {
                String problem = check.probe();
                while (problem != null && System.nanoTime() < deadline) {
                    LOG.warn("Waiting for {}: {}", check.target(), problem);
                    Thread.sleep(1000);
                    problem = check.probe();
                }
                if (problem != null) {
                    throw new ConfigurationException(check.setting(), problem + " (waited " + wait.toSeconds()
                            + " s, " + WAIT_SETTING + ")");
                }
            }
        } catch (ConfigurationException e) {
            failure = e;
            ((MainSupport) main).completed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ((MainSupport) main).completed();
        }
    }
}
