package io.dbworkers.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last result of a call that may be slow or hang (a probe of a server, statistics read from it), taken in the
 * background so that a health or metrics endpoint answers at once with what is known and how old it is. A call still
 * running is never started again, so a hung server ties up one thread, not one per refresh; a call that takes longer
 * than the timeout counts as failed while it goes on.
 *
 * @param <T> the call's value
 */
public final class BackgroundSample<T> {

    /**
     * What is known after the latest attempt.
     *
     * @param value     the value of the last successful call, null before the first one
     * @param valueAt   when that call ended, null before the first one
     * @param error     why the latest attempt failed (a {@link TimeoutException} when it did not end in time), else null
     * @param checkedAt when the latest attempt ended or timed out
     */
    public record Result<T>(T value, Instant valueAt, Throwable error, Instant checkedAt) {

        public boolean ok() {
            return error == null;
        }

        /** Seconds since the latest attempt ended, with millisecond precision. */
        public double secondsAgo() {
            return Duration.between(checkedAt, Instant.now()).toMillis() / 1000.0;
        }
    }

    private final Callable<T> call;
    private final Executor executor;
    private final Duration timeout;
    private CompletableFuture<T> running;
    private volatile Result<T> last;

    public BackgroundSample(Callable<T> call, Executor executor, Duration timeout) {
        this.call = call;
        this.executor = executor;
        this.timeout = timeout;
    }

    /**
     * Starts the call unless it is still running, and returns the result it will leave: completed when the call ends
     * or the timeout passes, whichever comes first. Never completes exceptionally.
     */
    public synchronized CompletableFuture<Result<T>> refresh() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, executor);
        }
        // a copy times out on its own; the call itself goes on, and refresh() does not start it again meanwhile
        return running.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle(this::record);
    }

    /** The latest result, or null before the first attempt ended. Never waits. */
    public Result<T> last() {
        return last;
    }

    private synchronized Result<T> record(T value, Throwable error) {
        Instant now = Instant.now();
        Result<T> previous = last;
        if (error == null) {
            last = new Result<>(value, now, null, now);
        } else {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof TimeoutException) {
                cause = new TimeoutException("no answer within " + timeout.toMillis() + " ms");
            }
            last = new Result<>(previous == null ? null : previous.value(), previous == null ? null
                    : previous.valueAt(), cause, now);
        }
        return last;
    }
}
