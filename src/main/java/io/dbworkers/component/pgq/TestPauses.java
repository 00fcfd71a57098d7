package io.dbworkers.component.pgq;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only pause points of the consumer for the kill -9 tests, off unless their environment variable is set: the
 * consumer announces in the log where it stands and waits to be killed.
 */
final class TestPauses {

    /** After this many events of a batch, say so in the log and wait to be killed. */
    static final String PAUSE_AFTER_ENV = "DB_WORKERS_PGQ_TEST_PAUSE_AFTER";
    /** With exactTarget, pause between the target's commit and finish_batch. */
    static final String PAUSE_BEFORE_FINISH_ENV = "DB_WORKERS_PGQ_TEST_PAUSE_BEFORE_FINISH";

    private static final Logger LOG = LoggerFactory.getLogger(PgqConsumer.class);

    private final long pauseAfter = pauseAfter();
    private final boolean pauseBeforeFinish = System.getenv(PAUSE_BEFORE_FINISH_ENV) != null;

    void afterDelivered(long batchId, long delivered) throws InterruptedException {
        if (pauseAfter > 0 && delivered >= pauseAfter) {
            pause("pgq test pause: batch " + batchId + " has " + delivered + " events delivered and is not finished");
        }
    }

    void beforeFinish(long batchId) throws InterruptedException {
        if (pauseBeforeFinish) {
            pause("pgq test pause: batch " + batchId + " is committed in the target and not finished");
        }
    }

    private static void pause(String announcement) throws InterruptedException {
        LOG.warn(announcement);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static long pauseAfter() {
        String value = System.getenv(PAUSE_AFTER_ENV);
        return value == null || value.isBlank() ? 0 : Long.parseLong(value.trim());
    }
}
