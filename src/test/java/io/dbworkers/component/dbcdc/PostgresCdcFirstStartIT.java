package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first start of a capture, on a slot that does not exist yet: every change committed from the moment the route
 * reports started is captured, although Debezium itself connects only later.
 */
class PostgresCdcFirstStartIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcFirstStartIT.class);
    private static final int TRANSACTIONS = 10;
    private static final int ROWS = 10;
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcFirstStartIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void changesCommittedAsSoonAsTheRouteStartedAreCaptured() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&offsetFile=" + CdcCapture.offsetFile(NAME);
        try (CdcCapture capture = CdcCapture.start(uri)) {
            // no waiting for the slot: the route has started, so the capture has to see what commits now
            List<Integer> committed = new ArrayList<>();
            for (int t = 0; t < TRANSACTIONS; t++) {
                String[] statements = new String[ROWS + 2];
                statements[0] = "BEGIN";
                for (int r = 0; r < ROWS; r++) {
                    int id = t * ROWS + r;
                    statements[r + 1] = "INSERT INTO orders (id, status) VALUES (" + id + ", 'new')";
                    committed.add(id);
                }
                statements[ROWS + 1] = "COMMIT";
                execute(db, statements);
            }
            // a last change once the engine streams: when it arrived, everything before it had its chance
            CdcCapture.awaitSlotActive(NAME);
            execute(db, "INSERT INTO orders (id, status) VALUES (-1, 'last')");
            committed.add(-1);
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.stream()
                    .anyMatch(c -> c.primaryKey().get("id").equals(-1)));
            assertThat(capture.changes).extracting(c -> c.primaryKey().get("id")).containsExactlyElementsOf(committed);
        }
    }
}
