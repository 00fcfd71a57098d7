package io.dbworkers.support;

import java.time.Instant;

/**
 * Why something is not healthy: a one-line message without secrets, the error behind it (may be null), since when,
 * and how many attempts failed in a row.
 */
public record Problem(String message, Throwable error, Instant since, int attempts) {

    /** The same problem, one attempt later, keeping its start time. */
    public Problem again(String newMessage, Throwable newError) {
        return new Problem(newMessage, newError, since, attempts + 1);
    }

    public static Problem of(String message, Throwable error) {
        return new Problem(message, error, Instant.now(), 1);
    }
}
