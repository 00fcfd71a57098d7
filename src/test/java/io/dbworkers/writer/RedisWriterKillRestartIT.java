package io.dbworkers.writer;

import org.junit.jupiter.api.Test;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 right after rows appear, so that most likely a batch was committed and not yet acknowledged; the restarted
 * writer reads its own pending entries again, and the unique (stream, entry_id) key skips those already written.
 */
class RedisWriterKillRestartIT extends RedisWriterItBase {

    @Test
    void redeliveryAfterKillAddsNoSecondRow() throws Exception {
        migrate();
        int total = addReadings(20, 1000);
        JarProcess first = startWriter(env("CONSUMER_NAME", "worker-01", "BATCH_SIZE", "50"));
        await().until(() -> rows() > 0);
        first.kill();
        long before = rows();
        assertThat(before).isLessThan(total);

        startWriter(env("CONSUMER_NAME", "worker-01", "BATCH_SIZE", "50"));
        await().until(() -> rows() == total && pending() == 0);
        assertThat(duplicateRows()).isZero();
        assertThat(rows()).isEqualTo(total);
        assertThat(deadLettered()).isEmpty();
    }
}
