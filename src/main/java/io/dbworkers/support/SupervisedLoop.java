package io.dbworkers.support;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;

/**
 * Runs a consumer's long-running loop so that it never dies silently. Any {@link Throwable} the body throws (an
 * {@code Error} included) is logged as an error, makes the loop not ready with the reason ({@link #problem()}), and the
 * body is started again after a backoff that doubles from {@code firstBackoff} up to {@code maxBackoff}. The body calls
 * {@link #healthy()} after work that succeeded, which clears the problem and resets the backoff. If the supervising
 * thread itself ends while the loop should run, {@link #livenessProblem()} says so: that is a broken process.
 */
public final class SupervisedLoop {

    /** The loop's body: runs until {@link SupervisedLoop#isRunning()} turns false. Returning early counts as failing. */
    @FunctionalInterface
    public interface Body {
        void run(SupervisedLoop loop) throws Exception;
    }

    private final String name;
    private final Logger log;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Body body;
    private volatile boolean running;
    private volatile Problem problem;
    private volatile Problem liveness;
    private volatile int restarts;
    private Future<?> future;

    /** @param name what runs, as log lines and health messages start, e.g. {@code "redis-streams sensors:*"} */
    public SupervisedLoop(String name, Logger log, Duration firstBackoff, Duration maxBackoff, Body body) {
        this.name = name;
        this.log = log;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.body = body;
    }

    /** Starts the loop on a thread of {@code executor} (one of Camel's, from the ExecutorServiceManager). */
    public synchronized void start(ExecutorService executor) {
        running = true;
        problem = null;
        liveness = null;
        try {
            future = executor.submit(this::supervise);
        } catch (RejectedExecutionException e) {
            running = false;
            liveness = Problem.of(name + ": its thread could not be started: " + OutageLog.oneLine(e), e);
            throw e;
        }
    }

    /** Asks the body to end; the caller shuts the executor down (which interrupts a blocked body). */
    public void stop() {
        running = false;
    }

    public boolean isRunning() {
        return running;
    }

    /** The body did useful work: the loop is ready again and the next failure starts from the first backoff. */
    public void healthy() {
        problem = null;
    }

    /** Readiness: why the loop is not working now (the last failure, until {@link #healthy()}), or null. */
    public Problem problem() {
        return problem;
    }

    /** Liveness: why the loop is not running although it should, or null. Nothing short of a restart helps then. */
    public Problem livenessProblem() {
        Problem dead = liveness;
        if (dead == null && running && future != null && future.isDone()) {
            return Problem.of(name + ": its thread ended", null);
        }
        return dead;
    }

    /** How often the body was started again after failing, since the loop started. */
    public int restarts() {
        return restarts;
    }

    private void supervise() {
        long backoff = firstBackoff.toMillis();
        try {
            while (running) {
                Problem before = problem;
                try {
                    body.run(this);
                    if (!running) {
                        return;
                    }
                    throw new IllegalStateException("the loop returned while it should run");
                } catch (Throwable e) {
                    if (!running) {
                        return;
                    }
                    if (before != null && problem == null) {
                        backoff = firstBackoff.toMillis(); // it worked for a while before this failure
                    }
                    if (e instanceof InterruptedException) {
                        Thread.interrupted();
                    }
                    String message = name + " failed: " + OutageLog.oneLine(e);
                    Problem current = problem;
                    problem = current == null ? Problem.of(message, e) : current.again(message, e);
                    restarts++;
                    log.error("{}; restarting it in {} ms", message, backoff, e);
                    if (!sleep(backoff)) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, maxBackoff.toMillis());
                }
            }
        } finally {
            if (running) {
                liveness = Problem.of(name + ": its thread ended unexpectedly", null);
                log.error("{}: its thread ended while it should run", name);
            }
        }
    }

    private boolean sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (running && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
