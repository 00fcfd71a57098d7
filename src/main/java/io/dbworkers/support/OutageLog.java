package io.dbworkers.support;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;

/**
 * Logs an outage the way an operator wants to read it: the first failure with its cause (stack trace at DEBUG only),
 * then one line per backoff step, then one line when it recovers ("recovered after N s, M retries"). Not thread-safe:
 * one instance per loop or per retried operation.
 */
public final class OutageLog {

    private final Logger log;
    private final String what;
    private long startedNanos;
    private int retries;
    private boolean down;

    /** @param what what is failing, as the log lines start, e.g. {@code "db-poll orders"} */
    public OutageLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Records a failed attempt; {@code nextTry} is how long until the next one. */
    public void failed(Throwable error, Duration nextTry) {
        String cause = oneLine(error);
        if (!down) {
            down = true;
            startedNanos = System.nanoTime();
            retries = 0;
            log.warn("{}: {}; retrying in {}", what, cause, format(nextTry));
            log.debug("{}: first failure of the outage", what, error);
        } else {
            retries++;
            log.warn("{}: still failing after {} retries ({}); next try in {}", what, retries, cause, format(nextTry));
        }
    }

    /** Records a success; logs the recovery when it ends an outage. */
    public void succeeded() {
        if (down) {
            down = false;
            long seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
            log.info("{}: recovered after {} s, {} retries", what, seconds, retries + 1);
        }
    }

    public boolean isDown() {
        return down;
    }

    /** The innermost cause's message, first line only, masked of secrets. */
    public static String oneLine(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return io.dbworkers.config.Masking.mask(message).lines().findFirst().orElse("");
    }

    private static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
