package io.dbworkers.app;

/** The route files and properties {@code init} writes; {@code NAME} stands for the route's name. */
final class RouteTemplates {

    private RouteTemplates() {
    }

    static String route(String kind, String name) {
        String template;
        switch (kind) {
            case "cdc":
                template = CDC;
                break;
            case "writer":
                template = WRITER;
                break;
            case "sync":
                template = SYNC;
                break;
            default:
                template = QUEUE;
        }
        return template.replace("NAME", name);
    }

    static String properties(String kind, String name, String databaseType) {
        StringBuilder block = new StringBuilder("# --- " + name + " (db-workers init " + kind + ") ---\n");
        if ("postgresql".equals(databaseType)) {
            block.append("# The database: unset, the embedded demo database. Fill in and uncomment:\n")
                    .append("# DATABASE_URL = postgresql://user:pass@localhost:5432/shop\n");
        } else if ("mysql".equals(databaseType)) {
            block.append("# The database: unset, the embedded demo database. Fill in and uncomment:\n")
                    .append("# DATABASE_URL = mysql://user:pass@localhost:3306/shop\n");
        }
        switch (kind) {
            case "cdc":
                block.append("# the table to watch, and its column that every insert and update sets to now\n")
                        .append(name).append(".table = orders\n")
                        .append(name).append(".timestamp-column = updated_at\n")
                        .append("# how often to poll, in milliseconds\n")
                        .append(name).append(".delay = 1000\n");
                watermark(block, name, databaseType);
                break;
            case "writer":
                block.append("# the Redis server and the stream (or glob, e.g. mqtt_stream:*) to read\n")
                        .append(name).append(".redis-uri = redis://localhost:6379\n")
                        .append(name).append(".stream = ").append(name).append("\n")
                        .append("# the table each entry becomes a row of: entry fields are matched to columns\n")
                        .append(name).append(".table = change_log\n");
                break;
            case "sync":
                block.append("# the table whose changes are copied, its timestamp column, and the copy\n")
                        .append(name).append(".source-table = inventory\n")
                        .append(name).append(".timestamp-column = updated_at\n")
                        .append("# the target must exist with the source's columns and primary key\n")
                        .append(name).append(".target-table = inventory_copy\n");
                watermark(block, name, databaseType);
                break;
            default:
                block.append("# the table to watch, its timestamp column, and the Redis stream changes go to\n")
                        .append(name).append(".table = orders\n")
                        .append(name).append(".timestamp-column = updated_at\n")
                        .append(name).append(".redis-uri = redis://localhost:6379\n")
                        .append(name).append(".stream = ").append(name).append("\n");
                watermark(block, name, databaseType);
        }
        return block.toString();
    }

    /**
     * The polling watermark, asked for explicitly: with {@code auto}, a capture user without the privilege would
     * quietly get {@code lag}, which misses rows committed later than the safety lag. With a database type given,
     * {@code transactions} makes a missing privilege a start-up error instead. The embedded demo database cannot tell
     * open transactions apart, so there it is {@code lag}, said as such.
     */
    private static void watermark(StringBuilder block, String name, String databaseType) {
        if (databaseType == null) {
            block.append("# how far polling reads: the embedded demo database can only re-read a safety lag (5 s),\n")
                    .append("# which misses a row committed later than that after its timestamp. On PostgreSQL or\n")
                    .append("# MariaDB/MySQL use transactions: it never misses a late commit\n")
                    .append(name).append(".watermark = lag\n");
            return;
        }
        String privilege = "postgresql".equals(databaseType) ? "GRANT pg_read_all_stats TO the user"
                : "GRANT PROCESS ON *.* TO the user";
        block.append("# how far polling reads: transactions never misses a late commit; it needs ").append(privilege)
                .append(",\n")
                .append("# else start-up stops (exit status 2) naming the missing privilege. The embedded demo\n")
                .append("# database (DATABASE_URL unset) cannot: set lag there (misses rows committed >5 s late)\n")
                .append(name).append(".watermark = transactions\n");
    }

    static String baseProperties() {
        return """
                # db-workers standalone runner. Every setting can also be given as an environment variable.
                camel.main.name = db-workers
                camel.main.routes-include-pattern = file:routes/*.yaml
                camel.main.shutdown-timeout = 30
                """;
    }

    private static final String CDC = """
            # NAME: change data capture by polling. Every row of {{NAME.table}} inserted or updated since the last poll
            # (its {{NAME.timestamp-column}} moved) becomes one change, oldest first; the offset is saved once the
            # steps completed, so a restart resumes where it stopped. Replace the log step with your processing.
            # Settings: NAME.* in application.properties. Run: java -jar target/db-workers.jar routes/NAME.yaml
            - route:
                id: NAME
                # failed changes are retried, then written to the dead-letter target (DEAD_LETTER_URL)
                routeConfigurationId: dead-letter
                from:
                  uri: "db-poll:{{NAME.table}}"
                  parameters:
                    timestampColumn: "{{NAME.timestamp-column}}"
                    watermark: "{{NAME.watermark}}"
                    delay: "{{NAME.delay}}"
                  steps:
                    # the body is a DatabaseChange: changeType, table, primaryKey, newData, timestamp
                    - log: "NAME: ${body.changeType} on ${body.table} key ${body.primaryKey}"
            """;

    private static final String WRITER = """
            # NAME: a database writer, as the seed's service: reads {{NAME.stream}} through the consumer group NAME,
            # writes each entry's fields as a row of {{NAME.table}} and acknowledges the entry only after the commit
            # (at least once: make the table idempotent, e.g. a unique key on the entry id with onConflict=ignore).
            # Settings: NAME.* in application.properties. Run: java -jar target/db-workers.jar routes/NAME.yaml
            - route:
                id: NAME
                routeConfigurationId: dead-letter
                from:
                  uri: "redis-streams:{{NAME.stream}}"
                  parameters:
                    redisUri: "{{NAME.redis-uri}}"
                    group: NAME
                    consumerName: NAME-1
                  steps:
                    # the body is a StreamMessage: stream, id, fields; its fields become the row
                    - setBody:
                        simple: "${body.fields}"
                    - to:
                        uri: "db-write:{{NAME.table}}"
            """;

    private static final String SYNC = """
            # NAME: keeps {{NAME.target-table}} a copy of {{NAME.source-table}}: changed rows are read in batches and
            # upserted on the primary key, in one transaction per batch; the offset advances after the commit.
            # Settings: NAME.* in application.properties. Run: java -jar target/db-workers.jar routes/NAME.yaml
            - route:
                id: NAME
                routeConfigurationId: dead-letter
                from:
                  uri: "db-poll:{{NAME.source-table}}"
                  parameters:
                    timestampColumn: "{{NAME.timestamp-column}}"
                    watermark: "{{NAME.watermark}}"
                    batch: true
                    batchSize: 500
                    delay: 1000
                  steps:
                    # the body is a List of DatabaseChange; db-write writes each change's row
                    - to:
                        uri: "db-write:{{NAME.target-table}}"
                        parameters:
                          mode: upsert
            """;

    private static final String QUEUE = """
            # NAME: publishes every change of {{NAME.table}} as JSON to the Redis stream {{NAME.stream}}, one entry per
            # change (field payload), for other services to read through a consumer group.
            # Settings: NAME.* in application.properties. Run: java -jar target/db-workers.jar routes/NAME.yaml
            - route:
                id: NAME
                routeConfigurationId: dead-letter
                from:
                  uri: "db-poll:{{NAME.table}}"
                  parameters:
                    timestampColumn: "{{NAME.timestamp-column}}"
                    watermark: "{{NAME.watermark}}"
                    delay: 1000
                  steps:
                    - marshal:
                        json:
                          library: Jackson
                          moduleClassNames: com.fasterxml.jackson.datatype.jsr310.JavaTimeModule
                          disableFeatures: WRITE_DATES_AS_TIMESTAMPS
                    - to:
                        uri: "redis-streams:{{NAME.stream}}"
                        parameters:
                          redisUri: "{{NAME.redis-uri}}"
            """;
}
