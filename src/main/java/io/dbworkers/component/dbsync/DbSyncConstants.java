package io.dbworkers.component.dbsync;

import org.apache.camel.spi.Metadata;

/** Headers set by the {@code db-sync} producer: what the sync (or the batch of changes) did. */
public final class DbSyncConstants {

    @Metadata(description = "Source rows (or changes) handled", javaType = "Long")
    public static final String ROWS_SYNCED = "CamelDbSyncRowsSynced";
    @Metadata(description = "Rows inserted into the target", javaType = "Long")
    public static final String INSERTED = "CamelDbSyncInserted";
    @Metadata(description = "Target rows updated", javaType = "Long")
    public static final String UPDATED = "CamelDbSyncUpdated";
    @Metadata(description = "Target rows deleted", javaType = "Long")
    public static final String DELETED = "CamelDbSyncDeleted";
    @Metadata(description = "Rows whose target row changed since the last sync", javaType = "Long")
    public static final String CONFLICTS = "CamelDbSyncConflicts";
    @Metadata(description = "Rows the target refused, sent to rejectedUri or the dead-letter table", javaType = "Long")
    public static final String REJECTED = "CamelDbSyncRejected";

    private DbSyncConstants() {
    }
}
