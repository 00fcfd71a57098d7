package io.dbworkers.component.dbcdc;

import java.util.HashMap;
import java.util.Map;

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
import org.apache.camel.support.DefaultEndpoint;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.offset.FileOffsetStores;
import io.dbworkers.offset.JdbcOffsetStore;

/**
 * Captures row changes from the database's log (PostgreSQL logical decoding with pgoutput, read directly or through
 * Debezium's embedded engine; MariaDB/MySQL row binlog through Debezium), and emits one {@code DatabaseChange} per
 * changed row: the same change model as {@code db-poll}, with {@code oldData} on UPDATE and DELETE (complete on
 * PostgreSQL only with REPLICA IDENTITY FULL, see {@code replicaIdentityFull}).
 * <p>
 * Delivery guarantee: at least once, in log (commit) order. Changes are handed to the route one at a time (or, with
 * {@code batch=true}, one batch at a time as a {@code List}); the offset of a change is recorded only after its
 * exchange completed (a dead-letter write counts as completed), and is then
 * saved to the offset store and, on PostgreSQL, confirmed to the replication slot. A failed exchange is retried with
 * backoff ({@code retryDelay} up to {@code maxRetryDelay}) for as long as the route runs: the change is never skipped
 * and nothing after it is delivered or committed before it. After a crash or a stop in the middle of a batch the
 * changes since the last saved offset are delivered again.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "db-cdc", title = "Database Log CDC", syntax = "db-cdc:name",
             consumerOnly = true, category = {Category.DATABASE}, headersClass = DbCdcConstants.class)
public class DbCdcEndpoint extends DefaultEndpoint {

    @UriPath(description = "The name of this capture: the key of its offsets and the default slot name, so each"
                           + " capture needs its own")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The database: postgres, mariadb or mysql. Default: from the url scheme",
              enums = "postgres,mariadb,mysql")
    private String connector;
    @UriParam(description = "How the log is read: pgoutput (PostgreSQL's log read directly, over the replication"
                            + " protocol) or debezium (Debezium's embedded engine). Default: pgoutput on PostgreSQL,"
                            + " unless debezium.* properties are set; always debezium on MariaDB/MySQL",
              enums = "pgoutput,debezium")
    private String reader;
    @UriParam(description = "The database to capture as postgresql://user:pass@host:5432/db, mariadb://..., mysql://..."
                            + " or a JDBC URL; alternative to host, port and database", secret = true)
    private String url;
    @UriParam(description = "The database host, when no url is given")
    private String host;
    @UriParam(description = "The database port, when no url is given. Default: 5432 (PostgreSQL) or 3306")
    private int port;
    @UriParam(description = "The database name, when no url is given")
    private String database;
    @UriParam(description = "The user; needs the REPLICATION attribute (PostgreSQL) or REPLICATION SLAVE, REPLICATION"
                            + " CLIENT and SELECT (MariaDB/MySQL)", label = "security", secret = true)
    private String user;
    @UriParam(description = "The password", label = "security", secret = true)
    private String password;
    @UriParam(description = "The tables to capture, comma separated, each optionally as schema.table (PostgreSQL,"
                            + " default schema public) or database.table. Default: every table")
    private String tables;
    @UriParam(description = "PostgreSQL: the logical replication slot. Default: the name, as an identifier",
              label = "postgres")
    private String slotName;
    @UriParam(description = "PostgreSQL: the publication; created for the listed tables when absent."
                            + " Default: slot name + _publication", label = "postgres")
    private String publicationName;
    @UriParam(description = "PostgreSQL: run ALTER TABLE ... REPLICA IDENTITY FULL on the listed tables on start, so"
                            + " UPDATE and DELETE carry every old value, not only the key", label = "postgres",
              defaultValue = "false")
    private boolean replicaIdentityFull;
    @UriParam(description = "Start with a snapshot of the tables' rows (READ changes) before streaming changes,"
                            + " when there is no offset yet. Without it the first start captures what commits after"
                            + " the slot (or binlog position) is created", defaultValue = "false")
    private boolean snapshot;
    @UriParam(description = "How often, in milliseconds, to confirm the position while no captured table changes, so"
                            + " an idle slot does not hold WAL; 0 turns it off", defaultValue = "60000",
              javaType = "java.time.Duration")
    private long heartbeatInterval = 60000;
    @UriParam(description = "PostgreSQL: a statement run on every heartbeat, e.g. an UPDATE of a heartbeat table, so"
                            + " the slot advances even when only other databases write", label = "postgres")
    private String heartbeatActionQuery;
    @UriParam(description = "MariaDB/MySQL: the replica server id; unique among the server's replicas. Default: from"
                            + " the name", label = "mysql")
    private long serverId;
    @UriParam(description = "MariaDB/MySQL: the file keeping the table schemas the binlog is read with."
                            + " Default: data/offsets/db-cdc-<name>-history.dat", label = "mysql")
    private String schemaHistoryFile;
    @UriParam(description = "Where offsets are kept; default: offsetTable when offsetDataSource is set, else"
                            + " offsetFile", label = "advanced")
    private StateRepository<String, String> offsetStore;
    @UriParam(description = "The offset file used when no other offset store is given",
              defaultValue = "data/offsets/db-cdc.json")
    private String offsetFile = "data/offsets/db-cdc.json";
    @UriParam(description = "A state database holding the offsets in offsetTable, instead of the offset file")
    private DataSource offsetDataSource;
    @UriParam(description = "The offset table in offsetDataSource; created when absent", defaultValue = "db_offsets")
    private String offsetTable = "db_offsets";
    @UriParam(description = "Hand the route each batch read from the log as one exchange whose body is a"
                            + " List of changes (in log order), instead of one exchange per change. The batch is"
                            + " committed only after its exchange completed, and retried whole when it failed. Its"
                            + " size is at most maxBatchSize", defaultValue = "false")
    private boolean batch;
    @UriParam(description = "The most changes in one batch (batch=true); the pgoutput reader also ends a batch at 4 MiB"
                            + " of changes. With debezium it is max.batch.size (unless debezium.max.batch.size is"
                            + " set)", defaultValue = "2048")
    private int maxBatchSize = 2048;
    @UriParam(description = "The first wait, in milliseconds, before a failed exchange is retried; it doubles on each"
                            + " failure", defaultValue = "1000", javaType = "java.time.Duration")
    private long retryDelay = 1000;
    @UriParam(description = "The longest wait, in milliseconds, between two attempts of a failed exchange",
              defaultValue = "60000", javaType = "java.time.Duration")
    private long maxRetryDelay = 60000;
    @UriParam(description = "reader=debezium only: more Debezium connector properties, e.g."
                            + " debezium.snapshot.fetch.size=1000; setting any without reader chooses debezium", prefix =
            "debezium.", multiValue = true, label = "advanced")
    private Map<String, Object> debeziumProperties = new HashMap<>();

    public DbCdcEndpoint(String uri, DbCdcComponent component) {
        super(uri, component);
    }

    @Override
    public DbCdcComponent getComponent() {
        return (DbCdcComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("db-cdc is a consumer only: use db-write or sql to write");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DbCdcConsumer consumer = new DbCdcConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /**
     * Whether {@link #resolveOffsetStore()} makes a new store each time (on {@code offsetDataSource}), which the
     * consumer then stops with itself; a user's bean and the context's shared file stores are not the consumer's.
     */
    boolean ownsOffsetStore() {
        return offsetStore == null && offsetDataSource != null;
    }

    StateRepository<String, String> resolveOffsetStore() {
        if (offsetStore != null) {
            return offsetStore;
        }
        if (offsetDataSource != null) {
            return new JdbcOffsetStore(offsetDataSource, offsetTable);
        }
        if (offsetFile == null || offsetFile.isBlank()) {
            throw new ConfigurationException("offsetFile", "is empty and no offsetStore or offsetDataSource is set");
        }
        return FileOffsetStores.of(getCamelContext(), offsetFile);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getReader() {
        return reader;
    }

    public void setReader(String reader) {
        this.reader = reader;
    }

    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    public String getConnector() {
        return connector;
    }

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTables() {
        return tables;
    }

    public void setTables(String tables) {
        this.tables = tables;
    }

    public String getSlotName() {
        return slotName;
    }

    public void setSlotName(String slotName) {
        this.slotName = slotName;
    }

    public String getPublicationName() {
        return publicationName;
    }

    public void setPublicationName(String publicationName) {
        this.publicationName = publicationName;
    }

    public boolean isReplicaIdentityFull() {
        return replicaIdentityFull;
    }

    public void setReplicaIdentityFull(boolean replicaIdentityFull) {
        this.replicaIdentityFull = replicaIdentityFull;
    }

    public boolean isSnapshot() {
        return snapshot;
    }

    public void setSnapshot(boolean snapshot) {
        this.snapshot = snapshot;
    }

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public String getHeartbeatActionQuery() {
        return heartbeatActionQuery;
    }

    public void setHeartbeatActionQuery(String heartbeatActionQuery) {
        this.heartbeatActionQuery = heartbeatActionQuery;
    }

    public long getServerId() {
        return serverId;
    }

    public void setServerId(long serverId) {
        this.serverId = serverId;
    }

    public String getSchemaHistoryFile() {
        return schemaHistoryFile;
    }

    public void setSchemaHistoryFile(String schemaHistoryFile) {
        this.schemaHistoryFile = schemaHistoryFile;
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

    public DataSource getOffsetDataSource() {
        return offsetDataSource;
    }

    public void setOffsetDataSource(DataSource offsetDataSource) {
        this.offsetDataSource = offsetDataSource;
    }

    public String getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(String offsetTable) {
        this.offsetTable = offsetTable;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public Map<String, Object> getDebeziumProperties() {
        return debeziumProperties;
    }

    public void setDebeziumProperties(Map<String, Object> debeziumProperties) {
        this.debeziumProperties = debeziumProperties;
    }
}
