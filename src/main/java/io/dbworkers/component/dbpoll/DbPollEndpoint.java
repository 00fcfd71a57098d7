package io.dbworkers.component.dbpoll;

import javax.sql.DataSource;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

import io.dbworkers.offset.FileOffsetStores;

/**
 * Polls tables for changed rows by a timestamp column and emits one {@code DatabaseChange} per row, or a
 * {@code List<DatabaseChange>} per batch.
 * <p>
 * Delivery guarantee: at least once, in (timestamp, key) order per table. The offset advances only after the exchange
 * completed, dead-letter write included; after a crash only the batch in flight is delivered again. On PostgreSQL and
 * MariaDB/MySQL no committed row is missed, however long its transaction was open (see {@code watermark}). Polling
 * sees the row as it is at poll time: versions overwritten between two polls are not seen.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "db-poll", title = "Database Polling", syntax = "db-poll:tables",
             consumerOnly = true, category = {Category.DATABASE}, headersClass = DbPollConstants.class)
public class DbPollEndpoint extends ScheduledPollEndpoint {

    @UriPath(description = "The tables to poll, comma separated, each optionally as schema.table")
    @Metadata(required = true)
    private String tables;
    @UriParam(description = "The database to poll; found in the registry when there is only one DataSource")
    @Metadata(autowired = true)
    private DataSource dataSource;
    @UriParam(description = "The schema (PostgreSQL) or database (MariaDB/MySQL) of the tables; default: the connection's")
    private String schema;
    @UriParam(description = "The date/time column that the database sets on every insert and update,"
                            + " e.g. updated_at DEFAULT now()")
    @Metadata(required = true)
    private String timestampColumn;
    @UriParam(description = "The columns that identify a row, comma separated; they break ties on the timestamp."
                            + " Default: the primary key")
    private String keyColumns;
    @UriParam(description = "The column set once on insert (e.g. created_at): a row whose created and timestamp"
                            + " columns are equal is an INSERT, otherwise an UPDATE. Without it every row is an UPDATE")
    private String createdColumn;
    @UriParam(description = "A column that marks a row deleted when it is true or, for other types, not null")
    private String softDeleteColumn;
    @UriParam(description = "Only these columns go into the change's data, comma separated")
    private String includeColumns;
    @UriParam(description = "These columns are left out of the change's data, comma separated")
    private String excludeColumns;
    @UriParam(description = "The most rows read per query", defaultValue = "1000")
    private int batchSize = 1000;
    @UriParam(description = "Emit one exchange per batch, with a List of changes as body, instead of one per change",
              defaultValue = "false")
    private boolean batch;
    @UriParam(description = "How far polling reads: transactions (never past the oldest open transaction; PostgreSQL,"
                            + " MariaDB, MySQL), lag (up to now, re-reading the last safetyLag and skipping rows"
                            + " already delivered), or auto (transactions where possible, otherwise lag)",
              defaultValue = "auto", enums = "auto,transactions,lag")
    private String watermark = Watermark.AUTO;
    @UriParam(description = "In lag mode, how long after its timestamp a row may still commit and be delivered",
              defaultValue = "5000", javaType = "java.time.Duration")
    private long safetyLag = 5000;
    @UriParam(description = "Where offsets are kept; default: the file offsetFile")
    private StateRepository<String, String> offsetStore;
    @UriParam(description = "The offset file used when no offsetStore is given",
              defaultValue = "data/offsets/db-poll.json")
    private String offsetFile = "data/offsets/db-poll.json";
    @UriParam(description = "Prefix of the offset keys (default: none, the key is schema.table); give routes that"
                            + " poll the same table each their own")
    private String offsetKey;

    public DbPollEndpoint(String uri, DbPollComponent component) {
        super(uri, component);
    }

    @Override
    public DbPollComponent getComponent() {
        return (DbPollComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("db-poll is a consumer only: use db-write or sql to write");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DbPollConsumer consumer = new DbPollConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    StateRepository<String, String> resolveOffsetStore() {
        return offsetStore != null ? offsetStore : FileOffsetStores.of(getCamelContext(), offsetFile);
    }

    public String getTables() {
        return tables;
    }

    public void setTables(String tables) {
        this.tables = tables;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getTimestampColumn() {
        return timestampColumn;
    }

    public void setTimestampColumn(String timestampColumn) {
        this.timestampColumn = timestampColumn;
    }

    public String getKeyColumns() {
        return keyColumns;
    }

    public void setKeyColumns(String keyColumns) {
        this.keyColumns = keyColumns;
    }

    public String getCreatedColumn() {
        return createdColumn;
    }

    public void setCreatedColumn(String createdColumn) {
        this.createdColumn = createdColumn;
    }

    public String getSoftDeleteColumn() {
        return softDeleteColumn;
    }

    public void setSoftDeleteColumn(String softDeleteColumn) {
        this.softDeleteColumn = softDeleteColumn;
    }

    public String getIncludeColumns() {
        return includeColumns;
    }

    public void setIncludeColumns(String includeColumns) {
        this.includeColumns = includeColumns;
    }

    public String getExcludeColumns() {
        return excludeColumns;
    }

    public void setExcludeColumns(String excludeColumns) {
        this.excludeColumns = excludeColumns;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public String getWatermark() {
        return watermark;
    }

    public void setWatermark(String watermark) {
        this.watermark = watermark;
    }

    public long getSafetyLag() {
        return safetyLag;
    }

    public void setSafetyLag(long safetyLag) {
        this.safetyLag = safetyLag;
    }

    public StateRepository<String, String> getOffsetStore() {
        return offsetStore;
    }

    public void setOffsetStore(StateRepository<String, String> offsetStore) {
        this.offsetStore = offsetStore;
    }

    public String getOffsetFile() {
        return offsetFile;
    }

    public void setOffsetFile(String offsetFile) {
        this.offsetFile = offsetFile;
    }

    public String getOffsetKey() {
        return offsetKey;
    }

    public void setOffsetKey(String offsetKey) {
        this.offsetKey = offsetKey;
    }
}
