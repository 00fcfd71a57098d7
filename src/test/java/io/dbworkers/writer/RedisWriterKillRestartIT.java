package io.dbworkers.writer;

import org.junit.jupiter.api.Test;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 between a batch's commit and its acknowledgement, for certain: the first writer runs with the test-only pause
 * point {@value RedisWriter#PAUSE_SETTING}, which holds the first committed batch before its XACK and says so in the
 * log. Then its rows are in the table and its entries still pending; the restarted writer reads its own pending
 * entries again, and the unique (stream, entry_id) key skips those already written.
 */
class RedisWriterKillRestartIT extends RedisWriterItBase {

    @Test
    void aBatchCommittedButNotAcknowledgedIsNotWrittenTwice() throws Exception {
        migrate();
        int total = addReadings(20, 200);
        JarProcess first = startWriter(env("CONSUMER_NAME", "worker-01", "BATCH_SIZE", "50",
                RedisWriter.PAUSE_SETTING, "true"));
        await().until(() -> first.output().contains(RedisWriter.PAUSED));
        long committed = rows();
        assertThat(committed).isPositive().isLessThan(total);
        assertThat(pending()).isGreaterThanOrEqualTo(committed);
        first.kill();

        startWriter(env("CONSUMER_NAME", "worker-01", "BATCH_SIZE", "50"));
        await().until(() -> rows() == total && pending() == 0);
        assertThat(duplicateRows()).isZero();
        assertThat(queryLong("SELECT count(DISTINCT (stream, entry_id)) FROM sensor_readings")).isEqualTo(total);
        assertThat(deadLettered()).isEmpty();
    }
}
