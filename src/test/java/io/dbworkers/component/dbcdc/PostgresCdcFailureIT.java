package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change whose exchange fails is delivered again, not skipped, and nothing after it is delivered or committed
 * before it: neither while the route retries it nor after a restart in the middle of the retries, which resumes
 * inside the failed change's transaction without repeating what completed before it.
 */
class PostgresCdcFailureIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcFailureIT.class);
    private static HikariDataSource db;

    private final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcFailureIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void failedChangeIsRetriedAndNothingAfterItIsCommitted() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&retryDelay=100&maxRetryDelay=200&offsetFile=" + CdcCapture.offsetFile(NAME);
        try (CdcCapture failing = CdcCapture.start(uri, failOrder2While(Integer.MAX_VALUE))) {
            CdcCapture.awaitSlotActive(NAME);
            execute(db, "INSERT INTO orders (id, status) VALUES (0, 'pending')");
            // one transaction: the restart has to resume inside it
            execute(db, "BEGIN", "INSERT INTO orders (id, status) VALUES (1, 'pending')",
                    "INSERT INTO orders (id, status) VALUES (2, 'pending')",
                    "INSERT INTO orders (id, status) VALUES (3, 'pending')", "COMMIT");
            await().atMost(Duration.ofSeconds(60)).until(() -> attemptsOf(2) >= 3);
            assertThat(failing.changes).extracting(c -> c.primaryKey().get("id")).containsExactly(0, 1);
            assertThat(failing.health()).isEqualTo(HealthCheck.State.DOWN);
        }

        // started again on the saved offsets: order 2 comes again, fails twice more, then goes through
        int failedSoFar = attemptsOf(2);
        try (CdcCapture recovering = CdcCapture.start(uri, failOrder2While(failedSoFar + 2))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> recovering.changes.size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> recovering.changes.size() == 2);
            assertThat(recovering.changes).extracting(c -> c.primaryKey().get("id")).containsExactly(2, 3);
            assertThat(recovering.health()).isEqualTo(HealthCheck.State.UP);
        }
        assertThat(attemptsOf(2)).isEqualTo(failedSoFar + 3);
        assertThat(attemptsOf(1)).isEqualTo(1);
        assertThat(attemptsOf(3)).isEqualTo(1);
    }

    /** Fails the exchange of order 2 as long as it has been tried fewer than the given number of times. */
    private Processor failOrder2While(int failures) {
        return exchange -> {
            int id = (Integer) exchange.getMessage().getBody(DatabaseChange.class).primaryKey().get("id");
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (id == 2 && attempt <= failures) {
                throw new IllegalStateException("dead-letter target down (attempt " + attempt + ")");
            }
        };
    }

    private int attemptsOf(int id) {
        AtomicInteger n = attempts.get(id);
        return n == null ? 0 : n.get();
    }
}
