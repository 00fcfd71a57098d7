package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes made while the capture was down arrive when it starts again, none lost and none twice; the offsets are kept
 * in a table of a state database.
 */
class PostgresCdcRestartIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcRestartIT.class);
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PostgresCdcRestartIT.class);
        execute(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(50) NOT NULL)");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void changesMadeWhileStoppedArriveAfterRestart() throws Exception {
        String uri = "db-cdc:" + NAME + "?connector=postgres&host=" + PG_HOST + "&database=" + NAME + "&user=" + PG_USER
                     + "&tables=orders&offsetDataSource=#stateDb&offsetTable=cdc_offsets";
        Map<String, Object> beans = Map.of("stateDb", db);
        List<DatabaseChange> all = new ArrayList<>();
        try (CdcCapture first = CdcCapture.start(uri, exchange -> { }, beans)) {
            CdcCapture.awaitSlotActive(NAME);
            insertOrders(1, 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> first.changes.size() >= 3);
            all.addAll(first.changes);
        }

        insertOrders(4, 6);
        execute(db, "UPDATE orders SET status = 'paid' WHERE id = 2");

        try (CdcCapture second = CdcCapture.start(uri, exchange -> { }, beans)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> second.changes.size() >= 4);
            // a late duplicate would show up here
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> second.changes.size() == 4);
            all.addAll(second.changes);
        }
        assertThat(all).extracting(c -> c.changeType() + " " + c.primaryKey().get("id")).containsExactly(
                "INSERT 1", "INSERT 2", "INSERT 3", "INSERT 4", "INSERT 5", "INSERT 6", "UPDATE 2");
        assertThat(savedOffset()).contains("\"lsn\":" + all.get(all.size() - 1).source().position());
    }

    private static String savedOffset() throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT offset_value FROM cdc_offsets WHERE offset_key = ?")) {
            ps.setString(1, "db-cdc:[\"" + NAME + "\",{\"server\":\"" + NAME + "\"}]");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("offset row of " + NAME).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** Each order in its own transaction, so the restart falls between transactions. */
    private static void insertOrders(int from, int to) {
        for (int id = from; id <= to; id++) {
            execute(db, "INSERT INTO orders (id, status) VALUES (" + id + ", 'pending')");
        }
    }
}
