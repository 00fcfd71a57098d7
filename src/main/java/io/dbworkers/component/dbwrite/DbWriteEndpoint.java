package io.dbworkers.component.dbwrite;

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
 * Writes the body's rows to a table: a {@code List} of rows, or one row. A row is a {@code Map} of column name to
 * value, or a {@code DatabaseChange}, whose {@code row()} is written. Keys match column names ignoring case; keys
 * that name no column are ignored. Without {@code columns}, the columns written are those named by a key of any row
 * of the body (plus the key columns on upsert); a row without one of them writes NULL there, not the column's
 * default: list {@code columns} to leave the others to their defaults.
 * <p>
 * Guarantee: the body is written in one transaction, committed before the exchange completes. When the database
 * refuses it for a data error (SQLState class 22 or 23), the batch is split in halves, each tried in its own
 * transaction, down to the single bad rows: every good row is committed and each bad row is rejected with its error,
 * sent to {@code rejectedUri} (and listed in the {@code CamelDbWriteRejected} header) before the exchange completes.
 * Any other error fails the exchange, for the route's redelivery to try again; rows of sub-batches already committed
 * are then written again, so a route that retries should write with {@code onConflict=ignore} (or upsert) on a unique
 * key of the source, e.g. stream and entry id: with it, at-least-once delivery leaves exactly one row per entry.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "db-write", title = "Database Batch Writer", syntax = "db-write:table",
             producerOnly = true, category = {Category.DATABASE}, headersClass = DbWriteConstants.class)
public class DbWriteEndpoint extends DefaultEndpoint {

    @UriPath(description = "The table to write to, optionally as schema.table")
    @Metadata(required = true)
    private String table;
    @UriParam(description = "The database to write to; found in the registry when there is only one DataSource")
    @Metadata(autowired = true)
    private DataSource dataSource;
    @UriParam(description = "The schema (PostgreSQL) or database (MariaDB/MySQL) of the table; default: the"
                            + " connection's")
    private String schema;
    @UriParam(description = "insert: multi-row INSERT with bound parameters; copy: PostgreSQL COPY FROM STDIN, the"
                            + " fastest; upsert: insert, and update the rows whose key is already there (same as"
                            + " insert with onConflict=update)",
              defaultValue = "insert", enums = "insert,copy,upsert")
    private String mode = WriteMode.INSERT;
    @UriParam(description = "What a row whose key is already in the table does: fail (it is rejected), ignore (it is"
                            + " skipped, so writing the same rows again is harmless; with copy, through a temporary"
                            + " table) or update. Default: update for mode=upsert, otherwise fail",
              enums = "fail,ignore,update")
    private String onConflict;
    @UriParam(description = "The columns to write, comma separated. Default: every column named by a key of a row")
    private String columns;
    @UriParam(description = "The columns of the unique key that onConflict applies to, comma separated. Default: the"
                            + " primary key for update; for ignore, any unique key (PostgreSQL ON CONFLICT DO"
                            + " NOTHING). MariaDB/MySQL always use every unique key; there the key columns are only"
                            + " left out of the update")
    private String keyColumns;
    @UriParam(description = "The most rows in one INSERT statement; fewer when rows x columns would pass 65,535"
                            + " bind parameters. The body is still one transaction", defaultValue = "1000")
    private int batchSize = 1000;
    @UriParam(description = "The endpoint each rejected row is sent to, synchronously, before the exchange"
                            + " completes: body the row, headers CamelDbWriteError, CamelDbWriteSqlState and"
                            + " CamelDbWriteTable. If that send fails, the exchange fails")
    private String rejectedUri;

    public DbWriteEndpoint(String uri, DbWriteComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new DbWriteProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("db-write is a producer only: use db-poll to read changes");
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
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

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getOnConflict() {
        return onConflict;
    }

    public void setOnConflict(String onConflict) {
        this.onConflict = onConflict;
    }

    public String getColumns() {
        return columns;
    }

    public void setColumns(String columns) {
        this.columns = columns;
    }

    public String getKeyColumns() {
        return keyColumns;
    }

    public void setKeyColumns(String keyColumns) {
        this.keyColumns = keyColumns;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public String getRejectedUri() {
        return rejectedUri;
    }

    public void setRejectedUri(String rejectedUri) {
        this.rejectedUri = rejectedUri;
    }
}
