package io.dbworkers.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.Problem;

/**
 * Liveness of the process itself, the only db-workers check on {@code /observe/health/live}: down when a consumer
 * says its own threads are gone for good ({@link ConsumerStatus#livenessProblem()}) or when threads are deadlocked.
 * Servers that do not answer are readiness ({@link DependencyCheck}): restarting db-workers would not bring them back.
 */
final class ProcessCheck extends AbstractHealthCheck {

    private final CamelContext context;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    ProcessCheck(CamelContext context) {
        super("db-workers", "process");
        this.context = context;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringJoiner problems = new StringJoiner("; ");
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof ConsumerStatus status) {
                Problem problem = status.livenessProblem();
                if (problem != null) {
                    problems.add("route " + route.getRouteId() + ": " + problem.message());
                    builder.detail("route." + route.getRouteId() + ".since", problem.since().toString());
                }
            }
        }
        String deadlock = deadlock();
        if (deadlock != null) {
            problems.add(deadlock);
        }
        if (problems.length() == 0) {
            builder.up();
        } else {
            builder.down().message(problems.toString());
        }
    }

    /** The deadlocked threads, by name, or null. */
    private String deadlock() {
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return null;
        }
        return Arrays.stream(threads.getThreadInfo(ids)).filter(Objects::nonNull).map(ThreadInfo::getThreadName)
                .collect(Collectors.joining(", ", "deadlocked threads: ", ""));
    }
}
