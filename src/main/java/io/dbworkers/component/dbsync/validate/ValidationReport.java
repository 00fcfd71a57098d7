package io.dbworkers.component.dbsync.validate;

import java.time.Duration;
import java.util.List;

/**
 * What a validation found: the seed's {@code validate_sync(table)} result. Keys are the canonical text of the key
 * (for a composite key its values joined by {@code ", "}). The lists hold at most the reporting limit the validator
 * was given; the counts are always complete.
 *
 * @param table           the table as given
 * @param sourceRows      count(*) of the source table
 * @param targetRows      count(*) of the target table
 * @param missing         keys in the source and not in the target
 * @param extra           keys in the target and not in the source
 * @param differing       keys in both whose rows differ, with the columns that differ
 * @param missingCount    how many keys are missing, all of them
 * @param extraCount      how many keys are extra, all of them
 * @param differingCount  how many rows differ, all of them
 * @param rowsCompared    rows read row by row (the leaves of the bisection), both sides together
 * @param duration        how long the validation took
 */
public record ValidationReport(String table, long sourceRows, long targetRows, List<String> missing,
        List<String> extra, List<Difference> differing, long missingCount, long extraCount, long differingCount,
        long rowsCompared, Duration duration) {

    /** A key present on both sides whose rows differ, and the names of the columns that differ. */
    public record Difference(String key, List<String> columns) {
        @Override
        public String toString() {
            return key + " (" + String.join(", ", columns) + ")";
        }
    }

    /** True only when no key is missing, extra or differing. */
    public boolean isValid() {
        return missingCount == 0 && extraCount == 0 && differingCount == 0;
    }
}
