package io.dbworkers.component.dbcdc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.dbworkers.it.CdcCapture;

/** {@link PostgresCdcSnapshotIT} with reader=debezium: both readers keep the same guarantees. */
class PostgresCdcSnapshotDebeziumIT extends PostgresCdcSnapshotIT {

    @BeforeAll
    static void withDebezium() {
        CdcCapture.useReader("debezium");
    }

    @AfterAll
    static void withDefault() {
        CdcCapture.useReader(null);
    }
}
