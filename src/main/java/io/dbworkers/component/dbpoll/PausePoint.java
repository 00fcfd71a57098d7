package io.dbworkers.component.dbpoll;

import org.slf4j.Logger;

/**
 * A test hook that makes a crash between "the route completed a page" and "its offset is saved" certain instead of
 * hoped for: with the system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT} set to N,
 * the consumer announces and then blocks before saving the offset of its N-th page, until it is stopped or killed.
 * Unset (always, outside tests), it does nothing.
 */
final class PausePoint {

    static final String PROPERTY = "dbworkers.test.pauseBeforeOffsetSave";
    static final String ENVIRONMENT = "DBWORKERS_TEST_PAUSE_BEFORE_OFFSET_SAVE";
    /** The line a test waits for before it kills the process. */
    static final String ANNOUNCEMENT = "TEST PAUSE POINT: the page is processed and its offset not saved";

    private static final PausePoint NONE = new PausePoint(null, 0);

    private final Logger log;
    private final int page;
    private int pages;

    private PausePoint(Logger log, int page) {
        this.log = log;
        this.page = page;
    }

    static PausePoint fromEnvironment(Logger log) {
        String value = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (value == null || value.isBlank()) {
            return NONE;
        }
        return new PausePoint(log, Integer.parseInt(value.trim()));
    }

    /** Blocks before the offset save of the configured page, after saying so in the log. */
    void beforeOffsetSave(String offsetKey) {
        if (page <= 0 || ++pages != page) {
            return;
        }
        log.warn("db-poll {}: {} (page {}); waiting to be killed", offsetKey, ANNOUNCEMENT, page);
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
