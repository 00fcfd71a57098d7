package io.dbworkers.component.dbcdc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pgoutput reader's offset: its own, and Debezium's, say which transactions and changes were completed. */
class PgOutputOffsetTest {

    @Test
    void ownOffsetNamesTheTransactionExactly() {
        PgOutputOffset saved = new PgOutputOffset(1000, 1500, 2000, 7, 123);
        PgOutputOffset read = PgOutputOffset.parse(saved.toJson());
        assertThat(read).isEqualTo(saved);
        assertThat(saved.toJson()).contains("\"lsn\":1500").contains("\"lsn_commit\":1000");
        assertThat(read.completedTransaction(999)).isTrue();
        assertThat(read.completedTransaction(1999)).as("committed before the change's transaction").isTrue();
        assertThat(read.completedTransaction(2000)).isFalse();
        assertThat(read.completedUpTo(2000, false)).isEqualTo(1500);
        assertThat(read.completedUpTo(3000, true)).isEqualTo(-1);
    }

    @Test
    void debeziumOffsetResumesInTheFirstTransactionAfterItsCommit() {
        PgOutputOffset read = PgOutputOffset.parse("{\"transaction_id\":null,\"lsn_proc\":1500,\"messageType\":\"INSERT\","
                + "\"lsn_commit\":1000,\"lsn\":1500,\"txId\":7,\"ts_usec\":123}");
        assertThat(read.completedTransaction(999)).isTrue();
        assertThat(read.completedTransaction(1000)).isFalse();
        assertThat(read.completedUpTo(2000, true)).isEqualTo(1500);
        assertThat(read.completedUpTo(3000, false)).as("a later transaction").isEqualTo(-1);
        // saved at a commit (a heartbeat): lsn is no change, nothing of the next transaction was completed
        assertThat(PgOutputOffset.parse("{\"lsn_commit\":1000,\"lsn\":1000}").completedUpTo(2000, true))
                .isEqualTo(-1);
        assertThat(PgOutputOffset.parse("{\"last_snapshot_record\":true}")).isNull();
        assertThat(PgOutputOffset.parse(null)).isNull();
    }
}
