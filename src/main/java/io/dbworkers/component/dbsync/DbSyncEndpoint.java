package io.dbworkers.component.dbsync;

import javax.sql.DataSource;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Syncs a table from a source database to a target database. With {@code mode=full} every exchange runs a full sync
 * (a consistent snapshot copied in key-ordered chunks, resumable); with {@code mode=incremental} the body is the
 * changes of a db-poll (or db-cdc) route, a {@code List} of {@code DatabaseChange} or one change, applied to the
 * target with the conflict policy.
 * <p>
 * Guarantee: a chunk (full) or the exchange's changes (incremental) are committed at the target, with the sync's
 * state, before the exchange completes; rows the target refuses for their data go to {@code rejectedUri} or the
 * target's {@code dead_letters} table with the reason, and the rest is written.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "db-sync", title = "Database Sync", syntax = "db-sync:table",
             producerOnly = true, category = {Category.DATABASE}, headersClass = DbSyncConstants.class)
public class DbSyncEndpoint extends DefaultEndpoint {

    @UriPath(description = "The source table, optionally as schema.table")
    @Metadata(required = true)
    private String table;
    @UriParam(description = "The source database (its metadata gives the columns and key); or give sourceUrl")
    private DataSource sourceDataSource;
    @UriParam(description = "The target database; or give targetUrl")
    private DataSource dataSource;
    @UriParam(description = "The source as a URL (postgresql://user:pass@host:5432/db, mysql://, mariadb://, jdbc:),"
                            + " when no sourceDataSource is given: a pool of the producer's own",
              label = "security", secret = true)
    private String sourceUrl;
    @UriParam(description = "The target as a URL, when no dataSource is given: a pool of the producer's own",
              label = "security", secret = true)
    private String targetUrl;
    @UriParam(description = "The target table; default: the source table's name")
    private String targetTable;
    @UriParam(description = "full: every exchange copies the whole table; incremental: the body's changes are applied",
              defaultValue = "incremental", enums = "full,incremental")
    private String mode = "incremental";
    @UriParam(description = "The column the source sets on every change: conflict detection and newest_wins")
    private String timestampColumn;
    @UriParam(description = "A column incremented on every change: a target version not older than the source's is"
                            + " a conflict")
    private String versionColumn;
    @UriParam(description = "A source column that marks a row deleted (true, or not null): the target row is deleted")
    private String softDeleteColumn;
    @UriParam(description = "What a row changed at the target since the last sync does: source_wins, target_wins,"
                            + " newest_wins (by timestampColumn) or manual (to db_workers_sync_conflicts)",
              defaultValue = "source_wins", enums = "source_wins,target_wins,newest_wins,manual")
    private String conflict = "source_wins";
    @UriParam(description = "Full sync: empty the target table first (not again when resuming)", defaultValue = "false")
    private boolean truncateTarget;
    @UriParam(description = "Create a missing target table from the source's columns", defaultValue = "false")
    private boolean createTarget;
    @UriParam(description = "Rows per chunk, one target transaction each", defaultValue = "10000")
    private int batchSize = 10_000;
    @UriParam(description = "Full sync: afterwards delete the target rows whose key is not at the source",
              defaultValue = "false")
    private boolean deleteMissing;
    @UriParam(description = "The endpoint each refused row is sent to; default: the target's dead_letters table")
    private String rejectedUri;

    public DbSyncEndpoint(String uri, DbSyncComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new DbSyncProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("db-sync is a producer only");
    }

    SyncSpec spec() {
        return new SyncSpec(table, targetTable, timestampColumn, versionColumn, softDeleteColumn,
                ConflictPolicy.of("conflict", conflict), truncateTarget, createTarget, batchSize, deleteMissing);
    }

    boolean full() {
        if (!"full".equals(mode) && !"incremental".equals(mode)) {
            throw new io.dbworkers.config.ConfigurationException("mode", "'" + mode + "' is not one of full,"
                    + " incremental");
        }
        return "full".equals(mode);
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public DataSource getSourceDataSource() {
        return sourceDataSource;
    }

    public void setSourceDataSource(DataSource sourceDataSource) {
        this.sourceDataSource = sourceDataSource;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getSourceUrl() {
        return sourceUrl;
    }

    public void setSourceUrl(String sourceUrl) {
        this.sourceUrl = sourceUrl;
    }

    public String getTargetUrl() {
        return targetUrl;
    }

    public void setTargetUrl(String targetUrl) {
        this.targetUrl = targetUrl;
    }

    public String getTargetTable() {
        return targetTable;
    }

    public void setTargetTable(String targetTable) {
        this.targetTable = targetTable;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getTimestampColumn() {
        return timestampColumn;
    }

    public void setTimestampColumn(String timestampColumn) {
        this.timestampColumn = timestampColumn;
    }

    public String getVersionColumn() {
        return versionColumn;
    }

    public void setVersionColumn(String versionColumn) {
        this.versionColumn = versionColumn;
    }

    public String getSoftDeleteColumn() {
        return softDeleteColumn;
    }

    public void setSoftDeleteColumn(String softDeleteColumn) {
        this.softDeleteColumn = softDeleteColumn;
    }

    public String getConflict() {
        return conflict;
    }

    public void setConflict(String conflict) {
        this.conflict = conflict;
    }

    public boolean isTruncateTarget() {
        return truncateTarget;
    }

    public void setTruncateTarget(boolean truncateTarget) {
        this.truncateTarget = truncateTarget;
    }

    public boolean isCreateTarget() {
        return createTarget;
    }

    public void setCreateTarget(boolean createTarget) {
        this.createTarget = createTarget;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public boolean isDeleteMissing() {
        return deleteMissing;
    }

    public void setDeleteMissing(boolean deleteMissing) {
        this.deleteMissing = deleteMissing;
    }

    public String getRejectedUri() {
        return rejectedUri;
    }

    public void setRejectedUri(String rejectedUri) {
        this.rejectedUri = rejectedUri;
    }
}
