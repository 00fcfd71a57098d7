package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.time.Instant;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A capture whose database cannot be reached is not ready but live, keeps trying, and still stops promptly. */
class PostgresCdcUnreachableIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcUnreachableIT.class);

    @Test
    void reportsDownAndStops() throws Exception {
        // port 1: nothing listens there, so every start of the engine fails
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":1/" + NAME
                     + "&retryDelay=200&maxRetryDelay=400&offsetFile=" + CdcCapture.offsetFile(NAME);
        CdcCapture capture = CdcCapture.start(uri);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.health() == HealthCheck.State.DOWN);
            assertThat(capture.healthCheck().callLiveness().getState()).as("a database that is away is not a"
                    + " reason to restart the process").isEqualTo(HealthCheck.State.UP);
        } finally {
            Instant stopping = Instant.now();
            capture.close();
            assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(15));
        }
        assertThat(capture.changes).isEmpty();
    }
}
