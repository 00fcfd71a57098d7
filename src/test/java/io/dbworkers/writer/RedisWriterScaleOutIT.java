package io.dbworkers.writer;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two writer processes in one group share the streams: every entry becomes exactly one row. */
class RedisWriterScaleOutIT extends RedisWriterItBase {

    @Test
    void twoInstancesShareTheStreamsWithoutLossOrDuplicate() throws Exception {
        migrate();
        startWriter(env("CONSUMER_NAME", "worker-01", "BATCH_SIZE", "20"));
        startWriter(env("CONSUMER_NAME", "worker-02", "BATCH_SIZE", "20"));
        int total = 0;
        // added while both run, in rounds, so that both find entries to read
        for (int round = 0; round < 10; round++) {
            total += addReadings(20, 100);
        }
        int expected = total;
        await().until(() -> rows() == expected && pending() == 0);
        assertThat(duplicateRows()).isZero();
        assertThat(deadLettered()).isEmpty();
        Set<String> readers = new HashSet<>();
        for (String stream : streams()) {
            for (Object consumer : redis.xinfoConsumers(stream, GROUP)) {
                readers.add(String.valueOf(((java.util.List<?>) consumer).get(1)));
            }
        }
        assertThat(readers).containsExactlyInAnyOrder("worker-01", "worker-02");
    }
}
