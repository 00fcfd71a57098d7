package io.dbworkers.component.dbsync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a sync did, as the seed's {@code sync_table} result holds it: rows read from the source ({@code rows_synced}),
 * and of those inserted, updated, unchanged, rejected (dead-lettered), plus target rows deleted and conflicts met.
 */
public final class SyncResult {

    final AtomicLong rowsSynced = new AtomicLong();
    final AtomicLong inserted = new AtomicLong();
    final AtomicLong updated = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private volatile Duration duration = Duration.ZERO;

    public long rowsSynced() {
        return rowsSynced.get();
    }

    public long inserted() {
        return inserted.get();
    }

    public long updated() {
        return updated.get();
    }

    public long unchanged() {
        return unchanged.get();
    }

    public long deleted() {
        return deleted.get();
    }

    public long conflicts() {
        return conflicts.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public Duration duration() {
        return duration;
    }

    void duration(Duration d) {
        this.duration = d;
    }

    /** Adds another result's counts to this one. */
    public void add(SyncResult other) {
        rowsSynced.addAndGet(other.rowsSynced());
        inserted.addAndGet(other.inserted());
        updated.addAndGet(other.updated());
        unchanged.addAndGet(other.unchanged());
        deleted.addAndGet(other.deleted());
        conflicts.addAndGet(other.conflicts());
        rejected.addAndGet(other.rejected());
    }

    @Override
    public String toString() {
        return "rows_synced=" + rowsSynced() + " inserted=" + inserted() + " updated=" + updated() + " unchanged="
                + unchanged() + " deleted=" + deleted() + " conflicts=" + conflicts() + " rejected=" + rejected()
                + " duration=" + String.format(java.util.Locale.ROOT, "%.3fs", duration.toMillis() / 1000.0);
    }
}
