package io.dbworkers.change;

/**
 * What happened to a row. {@code READ} is a row delivered by an initial snapshot, not by a change.
 */
public enum ChangeType {
    INSERT,
    UPDATE,
    DELETE,
    READ
}
