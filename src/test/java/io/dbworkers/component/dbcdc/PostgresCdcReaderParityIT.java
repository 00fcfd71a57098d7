package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same rows captured by both readers at once (two slots on one database) give the same changes: common column
 * types with NULLs and edge values (every type's decoding: PgTextValues' own parity test), the old row with REPLICA
 * IDENTITY FULL, an unchanged TOAST value, a table
 * with the default identity (the old key only) and a composite key, and a table without a primary key. Compared are the JSON form and each value's class.
 */
class PostgresCdcReaderParityIT extends ItSupport {

    private static final String NAME = nameFor(PostgresCdcReaderParityIT.class);
    private static final String PGOUTPUT = NAME + "_pgoutput";
    private static final String DEBEZIUM = NAME + "_debezium";
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(PGOUTPUT);
        CdcCapture.dropSlot(DEBEZIUM);
        db = freshPostgres(PostgresCdcReaderParityIT.class);
        execute(db, """
                CREATE TABLE types (id BIGINT PRIMARY KEY, small SMALLINT, whole INTEGER, big BIGINT,
                  money_like NUMERIC(20,5), free NUMERIC, real_value REAL, double_value DOUBLE PRECISION,
                  flag BOOLEAN, name TEXT, code VARCHAR(10), fixed CHAR(5), day DATE,
                  local_ts TIMESTAMP, zoned_ts TIMESTAMPTZ, doc JSON, docb JSONB, ref UUID, big_text TEXT,
                  raw BYTEA, at_time TIME)""",
                "CREATE TABLE keyed (a INTEGER, b TEXT, note TEXT, PRIMARY KEY (b, a))",
                "CREATE TABLE unkeyed (note TEXT, n INTEGER)",
                "ALTER TABLE types REPLICA IDENTITY FULL", "ALTER TABLE unkeyed REPLICA IDENTITY FULL");
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(PGOUTPUT);
        CdcCapture.dropSlot(DEBEZIUM);
        db.close();
    }

    @Test
    void bothReadersGiveTheSameChanges() throws Exception {
        try (CdcCapture pgoutput = CdcCapture.start(uri(PGOUTPUT, "pgoutput"));
             CdcCapture debezium = CdcCapture.start(uri(DEBEZIUM, "debezium"))) {
            CdcCapture.awaitSlotActive(PGOUTPUT);
            CdcCapture.awaitSlotActive(DEBEZIUM);
            execute(db,
                    "INSERT INTO types VALUES (1, -32768, -2147483648, 9223372036854775807, 123456789012345.12345,"
                    + " 3.14159265358979323846264338327950288, 1.5, -2.25e-10, true, 'Grüße, \"quoted\" ''x''',"
                    + " 'abc', 'ab', '2024-02-29', '2024-02-29 13:45:56.123456',"
                    + " '2024-02-29 13:45:56.654321+05:30', '{\"a\": [1, 2]}', '{\"b\": 1, \"a\": 2}',"
                    + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                    + " (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 400) i),"
                    + " '\\x00ff10', '13:45:56.123456')",
                    "INSERT INTO types (id) VALUES (2)",
                    "INSERT INTO types (id, free, zoned_ts, local_ts, day) VALUES (3, 0.000, '1970-01-01 00:00:00Z',"
                    + " '0001-01-01 00:00:00', '0001-01-01')",
                    "UPDATE types SET small = 7, name = 'changed' WHERE id = 1",
                    "UPDATE types SET money_like = -0.00001 WHERE id = 2",
                    "DELETE FROM types WHERE id = 3",
                    "INSERT INTO keyed VALUES (1, 'x', 'first')",
                    "UPDATE keyed SET note = 'second' WHERE a = 1",
                    "DELETE FROM keyed WHERE a = 1",
                    "INSERT INTO unkeyed VALUES ('no key', 1)");
            await().atMost(Duration.ofSeconds(60)).until(() -> pgoutput.changes.size() >= 10
                    && debezium.changes.size() >= 10);
            assertThat(view(pgoutput.changes)).isEqualTo(view(debezium.changes));
            assertThat(pgoutput.changes).hasSize(10);
        }
    }

    private static String uri(String slot, String reader) {
        return "db-cdc:" + slot + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
               + "&tables=types,keyed,unkeyed&reader=" + reader + "&offsetFile=" + offsetFile(slot);
    }

    private static String offsetFile(String slot) {
        try {
            return CdcCapture.offsetFile(slot);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each change as its JSON form and the class of every value. */
    private static List<String> view(List<DatabaseChange> changes) {
        List<String> view = new ArrayList<>();
        for (DatabaseChange change : changes) {
            view.add(ChangeJson.toJson(change));
            view.add("key " + classes(change.primaryKey()) + " new " + classes(change.newData()) + " old "
                     + classes(change.oldData()));
        }
        return view;
    }

    private static Map<String, String> classes(Map<String, Object> row) {
        if (row == null) {
            return null;
        }
        Map<String, String> classes = new LinkedHashMap<>();
        row.forEach((column, value) -> classes.put(column, value == null ? "null" : value.getClass().getName()));
        return classes;
    }
}
