package io.dbworkers.component.dbsync.validate;

import javax.sql.DataSource;

import io.dbworkers.it.ItSupport;

/**
 * The same {@code users} rows written on PostgreSQL and on MariaDB with each product's own SQL: the type table of the
 * sync (integers, numeric with scale, boolean / tinyint(1), text, timestamps to the microsecond, date, json, bytea /
 * blob, uuid / char(36)), NULLs, edge values, and json spelt differently on each side.
 */
final class UsersTables {

    private UsersTables() {
    }

    /** PostgreSQL; {@code jsonType} json or jsonb. Rows 1-3 are edge rows, then {@code 10..last}. */
    static void postgres(DataSource db, String table, String jsonType, int last) {
        ItSupport.execute(db, "CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text, email varchar(100),"
                + " amount numeric(12,2), big bigint, active boolean, created_at timestamp(6), updated_at timestamptz,"
                + " born date, profile " + jsonType + ", avatar bytea, token uuid)",
                "INSERT INTO " + table + " (id) VALUES (1)",
                "INSERT INTO " + table + " VALUES (2, 'a|b', 'x', 0.10, 9223372036854775807, true,"
                        + " '2024-02-29 23:59:59.999999', '2024-01-01 00:00:00.000001+00', '1970-01-01',"
                        + " '{\"b\": [1, 2.50, {\"y\": null, \"x\": true}], \"a\": \"\u00e9\\\"q\"}', '\\x00ff10',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')",
                "INSERT INTO " + table + " VALUES (3, '', '\u00fcn\u00efc\u00f8d\u00e9 \u2713', -12345678.90,"
                        + " -9223372036854775808, false, '1999-12-31 00:00:00', '2030-06-01 12:00:00+02',"
                        + " '2099-12-31', '[]', '', '00000000-0000-0000-0000-000000000000')",
                "INSERT INTO " + table + " SELECT g, 'user ' || g, 'u' || g || '@example.com', g * 1.25, g::bigint * 1000003,"
                        + " g % 2 = 0, timestamp '2024-01-01 00:00:00.123456' + g * interval '1 second',"
                        + " timestamptz '2024-01-01 00:00:00.654321+00' + g * interval '1 minute',"
                        + " date '2000-01-01' + g % 10000, json_build_object('n', g, 'tag', 't' || g % 7),"
                        + " decode(md5(g::text), 'hex'), md5(g::text)::uuid FROM generate_series(10, " + last + ") g");
    }

    /** MariaDB, the same rows; its json keeps the text as written: other key order, no spaces, 2.5 for 2.50. */
    static void mariaDb(DataSource db, String table, int last) {
        ItSupport.execute(db, "CREATE TABLE " + table + " (id bigint PRIMARY KEY, name longtext, email varchar(100),"
                + " amount decimal(12,2), big bigint, active tinyint(1), created_at datetime(6),"
                + " updated_at datetime(6), born date, profile json, avatar longblob, token char(36))",
                "INSERT INTO " + table + " (id) VALUES (1)",
                "INSERT INTO " + table + " VALUES (2, 'a|b', 'x', 0.10, 9223372036854775807, 1,"
                        + " '2024-02-29 23:59:59.999999', '2024-01-01 00:00:00.000001', '1970-01-01',"
                        + " '{\"a\":\"\u00e9\\\\\"q\",\"b\":[1,2.5,{\"x\":true,\"y\":null}]}', X'00ff10',"
                        + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')",
                "INSERT INTO " + table + " VALUES (3, '', '\u00fcn\u00efc\u00f8d\u00e9 \u2713', -12345678.90,"
                        + " -9223372036854775808, 0, '1999-12-31 00:00:00', '2030-06-01 10:00:00',"
                        + " '2099-12-31', '[ ]', X'', '00000000-0000-0000-0000-000000000000')",
                "INSERT INTO " + table + " SELECT seq, CONCAT('user ', seq), CONCAT('u', seq, '@example.com'),"
                        + " seq * 1.25, seq * 1000003, seq % 2 = 0,"
                        + " TIMESTAMP'2024-01-01 00:00:00.123456' + INTERVAL seq SECOND,"
                        + " TIMESTAMP'2024-01-01 00:00:00.654321' + INTERVAL seq MINUTE,"
                        + " DATE'2000-01-01' + INTERVAL (seq % 10000) DAY,"
                        + " JSON_OBJECT('tag', CONCAT('t', seq % 7), 'n', seq), UNHEX(MD5(seq)),"
                        + " CONCAT_WS('-', SUBSTR(MD5(seq), 1, 8), SUBSTR(MD5(seq), 9, 4), SUBSTR(MD5(seq), 13, 4),"
                        + " SUBSTR(MD5(seq), 17, 4), SUBSTR(MD5(seq), 21)) FROM seq_10_to_" + last);
    }
}
