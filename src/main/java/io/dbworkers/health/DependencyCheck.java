package io.dbworkers.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.dbworkers.config.Masking;
import io.dbworkers.support.BackgroundSample;

/**
 * Readiness of one server db-workers depends on (a database, Redis, RabbitMQ): up while its probe answered within
 * {@link #TIMEOUT}. Probes run in the background ({@link DependencyHealthChecks} refreshes them on a schedule); a
 * health request reports the latest result and its age, so that it never waits for a server.
 */
public class DependencyCheck extends AbstractHealthCheck implements AutoCloseable {

    /** How long one probe may take before the server counts as not answering. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Opens or pings the server; throws when it does not answer. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private final String setting;
    private final String target;
    private final BackgroundSample<Boolean> sample;
    private final AutoCloseable resource;

    /**
     * @param id       the check's id, e.g. {@code database:dataSource}
     * @param setting  the setting that names the server, for start-up errors
     * @param target   the server as shown to people, without password
     * @param resource closed with the check, or null
     */
    DependencyCheck(String id, String setting, String target, Probe probe, Executor executor, AutoCloseable resource) {
        super("db-workers", id);
        this.setting = setting;
        this.target = target;
        this.sample = new BackgroundSample<>(() -> {
            probe.run();
            return true;
        }, executor, TIMEOUT);
        this.resource = resource;
    }

    /** A server that does not answer makes db-workers not ready; restarting it would not help. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    public String setting() {
        return setting;
    }

    public String target() {
        return target;
    }

    /** Starts a probe in the background unless one is still running. */
    void refresh() {
        sample.refresh();
    }

    /** Probes now and waits for the answer, at most {@link #TIMEOUT}: null when the server answered, else why not. */
    public String probe() {
        return problem(sample.refresh().join());
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("target", target);
        BackgroundSample.Result<Boolean> result = sample.last();
        if (result == null) {
            builder.down().message("not checked yet");
            return;
        }
        builder.detail("checked.at", result.checkedAt().toString());
        builder.detail("checked.seconds.ago", result.secondsAgo());
        String problem = problem(result);
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }

    private String problem(BackgroundSample.Result<Boolean> result) {
        if (result.ok()) {
            return null;
        }
        if (result.error() instanceof TimeoutException) {
            return "no answer from " + target + " within " + TIMEOUT.toMillis() + " ms";
        }
        return "cannot reach " + target + ": " + oneLine(result.error());
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    private static final java.util.regex.Pattern NATIVE_CALL = java.util.regex.Pattern.compile("^\\w+\\(\\.\\.\\) failed: ");

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Netty's native transport (epoll, on the class path with ZooKeeper's client) prefixes the system call
        message = NATIVE_CALL.matcher(message).replaceFirst("");
        return Masking.mask(message).lines().findFirst().orElse("");
    }
}
