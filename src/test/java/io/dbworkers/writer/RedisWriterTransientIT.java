package io.dbworkers.writer;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database error that is not about the data (here: the writer may not insert) is retried with backoff for as long
 * as it lasts: nothing is acknowledged, nothing dead-lettered; once it is gone, everything is written.
 */
class RedisWriterTransientIT extends RedisWriterItBase {

    @Test
    void nonDataErrorIsRetriedNotDeadLettered() throws Exception {
        migrate();
        execute(db, "DROP ROLE IF EXISTS it_writer_role", "CREATE ROLE it_writer_role LOGIN",
                "GRANT SELECT ON sensor_readings TO it_writer_role");
        int total = addReadings(2, 50);
        startWriter(env("DATABASE_URL", "postgresql://it_writer_role@" + PG_HOST + ":5432/" + name));
        await().until(() -> pending() > 0);
        // held for a while: the batch is retried, never written, acknowledged or dead-lettered
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> rows() == 0 && pending() > 0 && deadLettered().isEmpty());

        execute(db, "GRANT INSERT ON sensor_readings TO it_writer_role",
                "GRANT USAGE ON SEQUENCE sensor_readings_id_seq TO it_writer_role");
        await().until(() -> rows() == total && pending() == 0);
        assertThat(deadLettered()).isEmpty();
        execute(db, "REASSIGN OWNED BY it_writer_role TO postgres", "DROP OWNED BY it_writer_role");
    }
}
