package io.dbworkers.deadletter;

/** A message that will never succeed, however often it is tried: it goes to the dead-letter target at once. */
public class ValidationException extends RuntimeException {

    public ValidationException(String message) {
        super(message);
    }
}
