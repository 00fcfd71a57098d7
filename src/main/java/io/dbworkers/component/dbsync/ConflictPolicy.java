package io.dbworkers.component.dbsync;

import java.util.Locale;

import io.dbworkers.config.ConfigurationException;

/**
 * What happens to a source row whose target row changed since the last sync (its timestamp is newer than the last
 * source timestamp synced, or its version is not older than the source's, and the rows differ).
 */
public enum ConflictPolicy {
    /** the source row is written over the target's */
    SOURCE_WINS,
    /** the target row stays */
    TARGET_WINS,
    /** the row with the later timestampColumn stays; the source's on a tie */
    NEWEST_WINS,
    /** the target row stays, and both rows go to the conflicts table with the reason */
    MANUAL;

    static ConflictPolicy of(String setting, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException(setting, "'" + value
                    + "' is not one of source_wins, target_wins, newest_wins, manual");
        }
    }
}
