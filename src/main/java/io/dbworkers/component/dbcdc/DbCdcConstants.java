package io.dbworkers.component.dbcdc;

import org.apache.camel.spi.Metadata;

/** Headers set by the {@code db-cdc} consumer. */
public final class DbCdcConstants {

    @Metadata(description = "The table the change came from, as schema.table (database.table on MariaDB/MySQL)",
              javaType = "String")
    public static final String TABLE = "CamelDbCdcTable";
    @Metadata(description = "INSERT, UPDATE, DELETE or READ (a row of the initial snapshot)", javaType = "String")
    public static final String CHANGE_TYPE = "CamelDbCdcChangeType";
    @Metadata(description = "Where the change was read: the LSN (PostgreSQL) or binlog file:position (MariaDB/MySQL)",
              javaType = "String")
    public static final String POSITION = "CamelDbCdcPosition";
    @Metadata(description = "batch=true: how many changes the batch holds (cheaper to log than ${body.size()}, which"
                            + " makes Camel hash the whole list)", javaType = "Integer")
    public static final String BATCH_SIZE = "CamelDbCdcBatchSize";

    private DbCdcConstants() {
    }
}
