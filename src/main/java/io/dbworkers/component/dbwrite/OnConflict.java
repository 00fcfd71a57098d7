package io.dbworkers.component.dbwrite;

/** What a row whose key is already in the table does. */
enum OnConflict {
    /** the unique violation is a data error: the row is rejected */
    FAIL,
    /** the row is skipped: writing the same rows again is harmless */
    IGNORE,
    /** the existing row takes the new values of the columns that are not key columns */
    UPDATE
}
