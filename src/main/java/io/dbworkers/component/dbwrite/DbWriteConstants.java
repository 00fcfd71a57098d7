package io.dbworkers.component.dbwrite;

import org.apache.camel.spi.Metadata;

/** Headers set by the {@code db-write} producer. */
public final class DbWriteConstants {

    @Metadata(description = "How many rows of the body were committed (duplicates skipped or merged by onConflict"
                            + " included)", javaType = "Integer")
    public static final String ROWS_WRITTEN = "CamelDbWriteRowsWritten";
    @Metadata(description = "How many rows of the body the database refused", javaType = "Integer")
    public static final String ROWS_REJECTED = "CamelDbWriteRowsRejected";
    @Metadata(description = "The refused rows, each with its error; set only when there are some",
              javaType = "java.util.List<io.dbworkers.component.dbwrite.RejectedRow>")
    public static final String REJECTED = "CamelDbWriteRejected";
    @Metadata(description = "On a rejected row sent to rejectedUri: the database's error", javaType = "String")
    public static final String ERROR = "CamelDbWriteError";
    @Metadata(description = "On a rejected row sent to rejectedUri: the SQLState of the error", javaType = "String")
    public static final String SQL_STATE = "CamelDbWriteSqlState";
    @Metadata(description = "On a rejected row sent to rejectedUri: the table it was meant for", javaType = "String")
    public static final String TABLE = "CamelDbWriteTable";

    private DbWriteConstants() {
    }
}
