package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@code snapshot=true}: the first start delivers the rows already in the table as READ changes, then what commits
 * afterwards; a restart with the saved offset does not read the table again.
 */
class PostgresCdcSnapshotIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcSnapshotIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcSnapshotIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)",
                "INSERT INTO orders SELECT g, 'old-' || g FROM generate_series(1, 2500) g");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void theRowsComeFirstAsReadsThenTheChangesAndOnlyOnce() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=orders&snapshot=true&offsetFile=" + CdcCapture.offsetFile(NAME);
        try (CdcCapture capture = CdcCapture.start(uri)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> capture.changes.size() >= 2500);
            execute(db, "INSERT INTO orders VALUES (2501, 'new')", "UPDATE orders SET status = 'paid' WHERE id = 1");
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() >= 2502);
            List<DatabaseChange> reads = capture.changes.subList(0, 2500);
            assertThat(reads).allMatch(c -> c.changeType() == ChangeType.READ);
            assertThat(reads.stream().map(c -> c.newData().get("id"))).doesNotHaveDuplicates().hasSize(2500);
            assertThat(reads.stream().filter(c -> Integer.valueOf(7).equals(c.newData().get("id"))))
                    .singleElement().satisfies(c -> assertThat(c.newData()).containsEntry("status", "old-7"));
            assertThat(capture.changes.subList(2500, capture.changes.size()))
                    .extracting(DatabaseChange::changeType, c -> c.newData().get("id"), c -> c.newData().get("status"))
                    .containsExactly(tuple(ChangeType.INSERT, 2501, "new"), tuple(ChangeType.UPDATE, 1, "paid"));
        }
        try (CdcCapture again = CdcCapture.start(uri)) {
            CdcCapture.awaitSlotActive(NAME);
            execute(db, "INSERT INTO orders VALUES (2502, 'after restart')");
            await().atMost(Duration.ofSeconds(60)).until(() -> !again.changes.isEmpty());
            assertThat(again.changes).extracting(DatabaseChange::changeType, c -> c.newData().get("id"))
                    .containsExactly(tuple(ChangeType.INSERT, 2502));
        }
    }
}
