package io.dbworkers.component.pgq;

/**
 * ev_data that is not URL-encoded where it should be (Skytools' format): bad input, dead-lettered with this message
 * as the reason after the retry policy.
 */
public class NotUrlEncodedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NotUrlEncodedException(String message) {
        super(message);
    }
}
