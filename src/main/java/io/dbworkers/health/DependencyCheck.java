package io.dbworkers.health;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.dbworkers.config.Masking;

/**
 * Readiness of one server db-workers depends on (a database, Redis, RabbitMQ): up while a probe answers within
 * {@link #TIMEOUT_MS}. A probe still running from an earlier call is waited for rather than started again, so a hung
 * server never piles up probes.
 */
public class DependencyCheck extends AbstractHealthCheck implements AutoCloseable {

    /** How long one probe may take before the server counts as not answering. */
    public static final long TIMEOUT_MS = 3000;

    /** Opens or pings the server; throws when it does not answer. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private final String setting;
    private final String target;
    private final Probe probe;
    private final ExecutorService executor;
    private final AutoCloseable resource;
    private Future<?> running;

    /**
     * @param id       the check's id, e.g. {@code database:dataSource}
     * @param setting  the setting that names the server, for start-up errors
     * @param target   the server as shown to people, without password
     * @param resource closed with the check, or null
     */
    DependencyCheck(String id, String setting, String target, Probe probe, ExecutorService executor,
                    AutoCloseable resource) {
        super("db-workers", id);
        this.setting = setting;
        this.target = target;
        this.probe = probe;
        this.executor = executor;
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

    /** Runs the probe; null when the server answered, else what went wrong, in one line without secrets. */
    public String problem() {
        Future<?> future;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = executor.submit(() -> {
                    probe.run();
                    return null;
                });
            }
            future = running;
        }
        try {
            future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "no answer from " + target + " within " + TIMEOUT_MS + " ms";
        } catch (ExecutionException e) {
            return "cannot reach " + target + ": " + oneLine(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("target", target);
        String problem = problem();
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return Masking.mask(message).lines().findFirst().orElse("");
    }
}
