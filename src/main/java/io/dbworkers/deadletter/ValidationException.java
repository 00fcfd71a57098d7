package io.dbworkers.deadletter;

/**
 * The message is bad and will never succeed, however often it is retried: a processor throws this for bad input, and
 * the dead-letter channel writes the message to the dead-letter target at once, without redeliveries.
 */
public class ValidationException extends RuntimeException {

    public ValidationException(String message) {
        super(message);
    }

    public ValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
