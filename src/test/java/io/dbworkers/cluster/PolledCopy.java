package io.dbworkers.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.it.ItSupport;

/**
 * The clustered copy the fail-over tests run: a singleton db-poll route copies {@code source} into {@code sink} in
 * batches, with its offsets in the shared JDBC store, and holds each batch 300 ms after it is in the sink. Each sink row records the instance that delivered it (the
 * connection's application_name, which {@link ClusterJars} sets to the node id) and when; every offset save is kept
 * in {@code offset_history} by a trigger, with the instance that made it, and the time.
 */
final class PolledCopy {

    static final int BATCH = 50;
    static final String OFFSET_TABLE = "db_offsets";
    static final String OFFSET_KEY = "public.source";

    private final DataSource db;

    PolledCopy(DataSource db) {
        this.db = db;
        ItSupport.execute(db, "CREATE TABLE source (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL,"
                        + " updated_at TIMESTAMP NOT NULL DEFAULT now())",
                "CREATE INDEX source_cursor ON source (updated_at, id)",
                "CREATE TABLE sink (id BIGINT NOT NULL, node TEXT NOT NULL DEFAULT current_setting('application_name'),"
                        + " delivered_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())",
                "CREATE TABLE offset_history (saved_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
                        + " node TEXT NOT NULL DEFAULT current_setting('application_name'), saved JSONB NOT NULL)",
                """
                CREATE FUNCTION keep_offset() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO offset_history (saved) VALUES (to_jsonb(NEW));
                  RETURN NEW;
                END $$""",
                // the offset store's table as it documents it (it makes it when absent), made here so that the trigger
                // sees every save
                "CREATE TABLE " + OFFSET_TABLE + " (offset_key VARCHAR(255) PRIMARY KEY, offset_value TEXT NOT NULL,"
                        + " updated_at TIMESTAMP NOT NULL)",
                "CREATE TRIGGER keep_offset AFTER INSERT OR UPDATE ON " + OFFSET_TABLE
                        + " FOR EACH ROW EXECUTE FUNCTION keep_offset()");
    }

    /** The route file: the clustered db-poll copy. */
    static Path routeFile(Path dir) throws Exception {
        Path file = dir.resolve("clustered-copy.yaml");
        Files.writeString(file, """
                - route:
                    id: clustered-copy
                    routeConfigurationId: dead-letter
                    routePolicy: singleton
                    from:
                      uri: db-poll:source
                      parameters:
                        timestampColumn: updated_at
                        batch: true
                        batchSize: %d
                        delay: 100
                        offsetStore: "#sharedOffsets"
                      steps:
                        - split:
                            simple: "${body}"
                            aggregationStrategy: "#class:io.dbworkers.processor.ProcessedBatch"
                            steps:
                              - setBody:
                                  simple: "${body.newData}"
                        - to:
                            uri: sql:INSERT INTO sink (id) VALUES (:#id)
                            parameters:
                              batch: true
                        # the batch is in the sink and its offset not saved yet for a while: a kill or a SIGTERM
                        # lands there often
                        - delay:
                            constant: 300
                """.formatted(BATCH));
        return file;
    }

    /** The id of the last row the offset saved last by that node covers; -1 when it saved none. */
    long lastSavedBy(String node) throws Exception {
        List<String> saved = strings("SELECT saved->>'offset_value' FROM offset_history WHERE node = '" + node
                + "' AND saved->>'offset_key' = '" + OFFSET_KEY + "' ORDER BY saved_at DESC LIMIT 1");
        return saved.isEmpty() ? -1 : cursorId(saved.get(0));
    }

    /** The last row's id in a db-poll cursor, {"timestamp":[type,value],"key":[[type,value]],...}. */
    static long cursorId(String offset) throws Exception {
        JsonNode key = ChangeJson.mapper().readTree(offset).path("key");
        if (key.size() != 1 || key.get(0).size() != 2) {
            throw new IllegalStateException("not a db-poll cursor over one key column: " + offset);
        }
        return Long.parseLong(key.get(0).get(1).asText());
    }

    /** Whether the node has delivered rows beyond the offset it saved last: a batch is in flight. */
    boolean inFlight(String node) throws Exception {
        return scalar("SELECT coalesce(max(id), -1) FROM sink WHERE node = '" + node + "'") > lastSavedBy(node);
    }

    /** The nodes that saved the offset, in the order of their first save. */
    List<String> offsetSavers() throws Exception {
        return strings("SELECT node FROM offset_history GROUP BY node ORDER BY min(saved_at)");
    }

    long sourceRows() throws Exception {
        return scalar("SELECT count(*) FROM source");
    }

    long deliveredIds() throws Exception {
        return scalar("SELECT count(DISTINCT id) FROM sink");
    }

    long sinkRowsBy(String node) throws Exception {
        return scalar("SELECT count(*) FROM sink WHERE node = '" + node + "'");
    }

    /** The nodes that delivered rows, in the order of their first delivery. */
    List<String> deliverers() throws Exception {
        return strings("SELECT node FROM sink GROUP BY node ORDER BY min(delivered_at)");
    }

    long missing() throws Exception {
        return scalar("SELECT count(*) FROM source s WHERE NOT EXISTS (SELECT 1 FROM sink k WHERE k.id = s.id)");
    }

    List<Long> duplicates() throws Exception {
        return longs("SELECT id FROM sink GROUP BY id HAVING count(*) > 1 ORDER BY id");
    }

    long maxCopies() throws Exception {
        return scalar("SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM sink GROUP BY id) c");
    }

    /** Ids a node delivered after a given id: what it had in hand beyond its saved offset. */
    List<Long> deliveredBeyond(String node, long id) throws Exception {
        return longs("SELECT DISTINCT id FROM sink WHERE node = '" + node + "' AND id > " + id + " ORDER BY id");
    }

    /** Milliseconds from the database time given (epoch ms) to the first row the node delivered after it. */
    long firstDeliveryAfter(String node, long epochMillis) throws Exception {
        return scalar("SELECT (extract(epoch FROM min(delivered_at)) * 1000)::bigint - " + epochMillis
                + " FROM sink WHERE node = '" + node + "' AND delivered_at > to_timestamp(" + epochMillis + " / 1000.0)");
    }

    /** The database's clock, in epoch milliseconds. */
    long now() throws Exception {
        return scalar("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
    }

    /** The nodes that delivered rows between two database times (epoch ms). */
    List<String> deliverersBetween(long fromMillis, long toMillis) throws Exception {
        return strings("SELECT node FROM sink WHERE delivered_at >= to_timestamp(" + fromMillis + " / 1000.0)"
                + " AND delivered_at < to_timestamp(" + toMillis + " / 1000.0) GROUP BY node ORDER BY min(delivered_at)");
    }

    long scalar(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> longs(String sql) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private List<String> strings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
