package io.dbworkers.component.dbsync.validate;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy altered in exactly four places (a missing row, an extra row, a changed value, a timestamp that lost its
 * microseconds) is reported with exactly those keys: for an integer key whose ranges are bisected (one far-away key
 * makes the first bucket hold every row) and for a uuid key, bucketed by hash.
 */
class ValidateAlterationsIT extends ItSupport {

    private static final int LAST = 20_000;
    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void createTables() {
        pg = freshPostgres(ValidateAlterationsIT.class);
        maria = freshMariaDb(ValidateAlterationsIT.class);
        UsersTables.postgres(pg, "users", "jsonb", LAST);
        UsersTables.mariaDb(maria, "users", LAST);
        // the key range 1..1e9 with 20,000 rows: the first bucket holds them all and is bisected to leaves
        execute(pg, "INSERT INTO users (id, name) VALUES (1000000000, 'far')");
        execute(maria, "INSERT INTO users (id, name) VALUES (1000000000, 'far')",
                // json spelt as PostgreSQL's jsonb spells it: equal hashes, so only the altered rows are read
                "UPDATE users SET profile = CONCAT('{\"n\": ', id, ', \"tag\": \"t', id % 7, '\"}')"
                        + " WHERE id BETWEEN 10 AND " + LAST);
        execute(pg, "CREATE TABLE tokens (token uuid PRIMARY KEY, n integer, seen_at timestamptz)",
                "INSERT INTO tokens SELECT md5(g::text)::uuid, g, timestamptz '2024-05-01 00:00:00.250001+00'"
                        + " + g * interval '1 second' FROM generate_series(1, " + LAST + ") g");
        execute(maria, "CREATE TABLE tokens (token char(36) PRIMARY KEY, n int, seen_at datetime(6))",
                "INSERT INTO tokens SELECT CONCAT_WS('-', SUBSTR(MD5(seq), 1, 8), SUBSTR(MD5(seq), 9, 4),"
                        + " SUBSTR(MD5(seq), 13, 4), SUBSTR(MD5(seq), 17, 4), SUBSTR(MD5(seq), 21)), seq,"
                        + " TIMESTAMP'2024-05-01 00:00:00.250001' + INTERVAL seq SECOND FROM seq_1_to_" + LAST);
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void integerKeyReportsExactlyTheAlteredKeys() throws Exception {
        assertThat(TableValidator.validate(pg, maria, "users").isValid()).isTrue();
        execute(maria, "DELETE FROM users WHERE id = 777",
                "INSERT INTO users (id, name) VALUES (20001, 'extra')",
                "UPDATE users SET amount = amount + 0.01 WHERE id = 5000",
                "UPDATE users SET created_at = DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') WHERE id = 12345");

        ValidationReport report = TableValidator.validate(pg, maria, "users");

        assertThat(report.missing()).containsExactly("id=777");
        assertThat(report.extra()).containsExactly("id=20001");
        assertThat(report.differing()).containsExactly(
                new ValidationReport.Difference("id=5000", List.of("amount")),
                new ValidationReport.Difference("id=12345", List.of("created_at")));
        assertThat(report.isValid()).isFalse();
        // bisected to leaves: far fewer rows read than the two tables hold
        assertThat(report.rowsCompared()).isLessThan(report.sourceRows());
    }

    @Test
    void uuidKeyReportsExactlyTheAlteredKeys() throws Exception {
        assertThat(TableValidator.validate(pg, maria, "tokens").isValid()).isTrue();
        String missing = md5Uuid(pg, 10);
        String changed = md5Uuid(pg, 11);
        String truncated = md5Uuid(pg, 12);
        execute(maria, "DELETE FROM tokens WHERE token = '" + missing + "'",
                "INSERT INTO tokens VALUES ('ffffffff-ffff-ffff-ffff-ffffffffffff', 0, NULL)",
                "UPDATE tokens SET n = -1 WHERE token = '" + changed + "'",
                "UPDATE tokens SET seen_at = DATE_FORMAT(seen_at, '%Y-%m-%d %H:%i:%s') WHERE token = '"
                        + truncated + "'");

        ValidationReport report = TableValidator.validate(maria, pg, "tokens");

        // MariaDB is the source now: its extra row is missing in PostgreSQL, its deleted row extra there
        assertThat(report.missing()).containsExactly("token=ffffffff-ffff-ffff-ffff-ffffffffffff");
        assertThat(report.extra()).containsExactly("token=" + missing);
        assertThat(report.differing()).containsExactlyInAnyOrder(
                new ValidationReport.Difference("token=" + changed, List.of("n")),
                new ValidationReport.Difference("token=" + truncated, List.of("seen_at")));
        assertThat(report.isValid()).isFalse();
        assertThat(report.rowsCompared()).isLessThan(report.sourceRows());
    }

    private static String md5Uuid(HikariDataSource db, int n) throws Exception {
        try (var c = db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT md5('" + n + "')::uuid::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
