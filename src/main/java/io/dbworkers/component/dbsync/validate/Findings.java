package io.dbworkers.component.dbsync.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the leaves found so far: every difference counted, at most {@code limit} of each kind kept by key. */
final class Findings {

    private final int limit;
    private final List<String> missing = new ArrayList<>();
    private final List<String> extra = new ArrayList<>();
    private final List<ValidationReport.Difference> differing = new ArrayList<>();
    private long missingCount;
    private long extraCount;
    private long differingCount;
    private long rowsCompared;

    Findings(int limit) {
        this.limit = limit;
    }

    synchronized void missing(String key) {
        if (missingCount++ < limit) {
            missing.add(key);
        }
    }

    synchronized void extra(String key) {
        if (extraCount++ < limit) {
            extra.add(key);
        }
    }

    synchronized void differing(String key, List<String> columns) {
        if (differingCount++ < limit) {
            differing.add(new ValidationReport.Difference(key, List.copyOf(columns)));
        }
    }

    synchronized void compared(long rows) {
        rowsCompared += rows;
    }

    synchronized ValidationReport report(String table, long sourceRows, long targetRows, Duration duration) {
        return new ValidationReport(table, sourceRows, targetRows, List.copyOf(missing), List.copyOf(extra),
                List.copyOf(differing), missingCount, extraCount, differingCount, rowsCompared, duration);
    }
}
