package io.dbworkers.component.dbwrite;

/**
 * A row the database refused, and why.
 *
 * @param row      the row as it came in the body: a {@code Map} or a {@code DatabaseChange}
 * @param error    the database's error message (first line), with its SQLState
 * @param sqlState the SQLState, e.g. {@code 23502} for a NOT NULL violation; null when the driver gave none
 */
public record RejectedRow(Object row, String error, String sqlState) {
}
