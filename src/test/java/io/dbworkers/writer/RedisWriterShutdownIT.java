package io.dbworkers.writer;

import java.time.Duration;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while a backlog is being written: the writer stops reading, commits and acknowledges the batch in hand and
 * exits (status 143, as the JVM does after SIGTERM) within camel-main's shutdown timeout (30 s here, as in application.properties). Afterwards
 * nothing is pending and every entry the group handed out has exactly one row.
 */
class RedisWriterShutdownIT extends RedisWriterItBase {

    @Test
    void sigtermCommitsAndAcknowledgesTheBatchInHand() throws Exception {
        migrate();
        java.nio.file.Files.writeString(workDir.resolve("application.properties"), "camel.main.shutdown-timeout = 30\n");
        int total = addReadings(20, 2000);
        JarProcess jar = startWriter(env("BATCH_SIZE", "100"));
        await().until(() -> rows() > 2000);

        long start = System.nanoTime();
        int status = jar.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks (Camel's graceful stop) have run
        assertThat(status).isEqualTo(143);
        assertThat(took).isLessThan(Duration.ofSeconds(35));
        assertThat(pending()).isZero();
        long delivered = 0;
        for (String stream : streams()) {
            for (Object group : redis.xinfoGroups(stream)) {
                List<?> fields = (List<?>) group;
                for (int i = 0; i < fields.size(); i += 2) {
                    if ("entries-read".equals(String.valueOf(fields.get(i)))) {
                        delivered += ((Number) fields.get(i + 1)).longValue();
                    }
                }
            }
        }
        assertThat(delivered).isLessThan(total);
        assertThat(rows()).isEqualTo(delivered);
        assertThat(duplicateRows()).isZero();
        // the version of the Camel the jar is built with, which the tests run with too
        String camelVersion = new DefaultCamelContext(false).getVersion();
        assertThat(jar.output()).contains("Apache Camel (Main) " + camelVersion + " is shutdown")
                .doesNotContain("Exception");
    }
}
