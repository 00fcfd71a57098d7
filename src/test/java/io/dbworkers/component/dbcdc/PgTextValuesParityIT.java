package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.dbcdc.pgoutput.PgTextValues;
import io.dbworkers.component.dbcdc.pgoutput.PgTextValuesResolver;
import io.dbworkers.it.CdcCapture;
import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every column of rows captured by the Debezium path decodes to the same value and the same JSON from the text the
 * type's output function gives (what pgoutput sends), whatever the session's time zone; and the columns Debezium
 * leaves out are those {@link PgTextValuesResolver} says to skip.
 */
class PgTextValuesParityIT extends ItSupport {

    private static final String NAME = nameFor(PgTextValuesParityIT.class);
    private static final String[] ZONES = {"UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Paris"};
    private static HikariDataSource db;

    @BeforeAll
    static void createSchema() {
        CdcCapture.dropSlot(NAME);
        db = freshPostgres(PgTextValuesParityIT.class);
        execute(db, "CREATE TYPE mood AS ENUM ('happy', 'sad')",
                "CREATE DOMAIN dom_int AS integer CHECK (VALUE > 0)",
                "CREATE DOMAIN dom_num AS numeric(10,2)",
                "CREATE DOMAIN dom_text AS varchar(10)",
                "CREATE TYPE pair AS (a integer, b text)");
        execute(db, PgTextValuesRows.TABLES);
    }

    @AfterAll
    static void cleanUp() {
        CdcCapture.dropSlot(NAME);
        db.close();
    }

    @Test
    void decodesEveryTypeLikeDebezium() throws Exception {
        String uri = "db-cdc:" + NAME + "?url=postgresql://" + PG_USER + "@" + PG_HOST + ":5432/" + NAME
                     + "&tables=" + String.join(",", PgTextValuesRows.ROWS.keySet()) + "&heartbeatInterval=1000"
                     + "&offsetFile=" + CdcCapture.offsetFile(NAME);
        try (CdcCapture capture = CdcCapture.start(uri)) {
            CdcCapture.awaitSlotActive(NAME);
            int inserted = 0;
            for (Map.Entry<String, String[]> table : PgTextValuesRows.ROWS.entrySet()) {
                execute(db, "INSERT INTO " + table.getKey() + " (id) VALUES (0)");
                for (String row : table.getValue()) {
                    execute(db, "INSERT INTO " + table.getKey() + " VALUES " + row);
                }
                inserted += table.getValue().length + 1;
            }
            int expectedChanges = inserted;
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.changes.size() >= expectedChanges);
            SoftAssertions softly = new SoftAssertions();
            for (DatabaseChange change : capture.changes) {
                Map<String, Object> captured = change.newData();
                int id = (Integer) captured.get("id");
                Map<String, PgTextValuesResolver.Resolved> columns = columns(change.table());
                for (String zone : ZONES) {
                    Map<String, String> texts = texts(change.table(), id, zone, columns.keySet());
                    for (Map.Entry<String, PgTextValuesResolver.Resolved> column : columns.entrySet()) {
                        String name = column.getKey();
                        PgTextValuesResolver.Resolved type = column.getValue();
                        String where = "row " + id + " column " + name + " in " + zone + ", text " + texts.get(name);
                        Object expected = captured.get(name);
                        softly.assertThat(captured.containsKey(name)).as(where + " present").isEqualTo(!type.omitted());
                        if (type.omitted()) {
                            continue;
                        }
                        if (!"UTC".equals(zone) && name.contains("tstzrange")) {
                            continue; // a string in both paths, written in the walsender's TimeZone
                        }
                        Object actual = PgTextValues.decode(type.typeOid(), type.typeModifier(), texts.get(name));
                        if (name.endsWith("_2d") && expected != null) {
                            // Debezium gives the Java identity of each sub-array, "[Ljava.lang.String;@1b2c3d", or
                            // (seen in a fresh database) null: no value to compare, only the shape
                            softly.assertThat((List<?>) expected).as(where)
                                    .allSatisfy(e -> assertThat(e == null
                                            || String.valueOf(e).startsWith("[Ljava.lang.String;@")).isTrue())
                                    .hasSameSizeAs((List<?>) actual);
                            continue;
                        }
                        if (expected instanceof Map || expected instanceof List) {
                            softly.assertThat(describe(actual)).as(where + " types").isEqualTo(describe(expected));
                        } else {
                            softly.assertThat(actual).as(where).isEqualTo(expected);
                        }
                        softly.assertThat(ChangeJson.toJson(actual)).as(where + " as JSON")
                                .isEqualTo(ChangeJson.toJson(expected));
                    }
                }
            }
            softly.assertAll();
        }
    }

    /** Each column's type as the reader resolves it from the OID and type modifier of the Relation message. */
    private static Map<String, PgTextValuesResolver.Resolved> columns(String table) throws Exception {
        Map<String, PgTextValuesResolver.Resolved> columns = new LinkedHashMap<>();
        PgTextValuesResolver resolver = new PgTextValuesResolver();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attname, atttypid, atttypmod FROM pg_attribute"
                     + " WHERE attrelid = '" + table + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                columns.put(rs.getString(1), resolver.resolve(c, (int) rs.getLong(2), rs.getInt(3)));
            }
        }
        return columns;
    }

    /** A value's classes and JSON, for values whose equals does not compare contents (byte[] inside). */
    private static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            map.forEach((k, v) -> b.append(k).append('=').append(describe(v)).append(' '));
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            list.forEach(v -> b.append(describe(v)).append(' '));
            return b.append(']').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + ChangeJson.toJson(value);
    }

    private static Map<String, String> texts(String table, int id, String zone, Iterable<String> names) throws Exception {
        Map<String, String> texts = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = '" + zone + "'");
            for (String name : names) {
                try (PreparedStatement p = c.prepareStatement("SELECT CASE WHEN " + name + " IS NULL THEN NULL ELSE format('%s', " + name + ") END FROM " + table + " WHERE id = ?")) {
                    p.setInt(1, id);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        texts.put(name, rs.getString(1));
                    }
                }
            }
            s.execute("RESET TimeZone");
        }
        return texts;
    }
}
