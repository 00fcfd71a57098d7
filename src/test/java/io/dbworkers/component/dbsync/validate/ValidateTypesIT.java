package io.dbworkers.component.dbsync.validate;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dbworkers.it.ItSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Equal tables are valid in every pairing (PostgreSQL to PostgreSQL with json against jsonb, PostgreSQL to MariaDB,
 * MariaDB to PostgreSQL) over the type table with NULLs and edge values, json spelt differently included; and a
 * change to any one column of one row, on either product, is reported as exactly that row and column.
 */
class ValidateTypesIT extends ItSupport {

    private static final int LAST = 5000;
    private static HikariDataSource pg;
    private static HikariDataSource maria;

    @BeforeAll
    static void createTables() {
        pg = freshPostgres(ValidateTypesIT.class);
        maria = freshMariaDb(ValidateTypesIT.class);
        UsersTables.postgres(pg, "users", "jsonb", LAST);
        UsersTables.postgres(pg, "users_json", "json", LAST);
        UsersTables.mariaDb(maria, "users", LAST);
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void postgresToPostgresJsonAgainstJsonb() throws Exception {
        ValidationReport report = new TableValidator(pg, pg).validate("users_json", "users", List.of(), null);
        assertValidEqual(report);
        // json against jsonb between two PostgreSQL databases is compared in SQL: nothing read row by row
        assertThat(report.rowsCompared()).isZero();
    }

    @Test
    void postgresToMariaDb() throws Exception {
        assertValidEqual(TableValidator.validate(pg, maria, "users"));
    }

    @Test
    void mariaDbToPostgres() throws Exception {
        assertValidEqual(TableValidator.validate(maria, pg, "users"));
    }

    /** Each column of row 2 changed on the MariaDB side, then of row 3 on the PostgreSQL side: exactly it differs. */
    @Test
    void aChangeToAnyColumnIsThatRowAndColumn() throws Exception {
        Map<String, String[]> mariaChanges = Map.ofEntries(Map.entry("name", new String[] {"'a|c'", "'a|b'"}),
                Map.entry("email", new String[] {"NULL", "'x'"}),
                Map.entry("amount", new String[] {"0.11", "0.10"}),
                Map.entry("big", new String[] {"9223372036854775806", "9223372036854775807"}),
                Map.entry("active", new String[] {"0", "1"}),
                Map.entry("created_at", new String[] {"'2024-02-29 23:59:59.999998'", "'2024-02-29 23:59:59.999999'"}),
                Map.entry("updated_at", new String[] {"'2024-01-01 00:00:00'", "'2024-01-01 00:00:00.000001'"}),
                Map.entry("born", new String[] {"'1970-01-02'", "'1970-01-01'"}),
                Map.entry("profile", new String[] {"'{\"a\":\"\u00e9\\\\\"q\",\"b\":[1,2.51,{\"x\":true,\"y\":null}]}'",
                        "'{\"a\":\"\u00e9\\\\\"q\",\"b\":[1,2.5,{\"x\":true,\"y\":null}]}'"}),
                Map.entry("avatar", new String[] {"X'00ff11'", "X'00ff10'"}),
                Map.entry("token", new String[] {"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'",
                        "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'"}));
        assertOnlyThatColumnDiffers(maria, pg, maria, 2, mariaChanges);
        Map<String, String[]> pgChanges = Map.of("name", new String[] {"NULL", "''"},
                "profile", new String[] {"'{}'", "'[]'"},
                "avatar", new String[] {"NULL", "''"},
                "updated_at", new String[] {"'2030-06-01 12:00:00+00'", "'2030-06-01 10:00:00+00'"});
        assertOnlyThatColumnDiffers(pg, maria, pg, 3, pgChanges);
        assertValidEqual(TableValidator.validate(maria, pg, "users"));
    }

    /** Changes each column in turn ([new value, old value]) in {@code changed}, validates, restores. */
    private static void assertOnlyThatColumnDiffers(HikariDataSource changed, HikariDataSource source,
            HikariDataSource target, int id, Map<String, String[]> changes) throws Exception {
        for (Map.Entry<String, String[]> change : changes.entrySet()) {
            String column = change.getKey();
            execute(changed, "UPDATE users SET " + column + " = " + change.getValue()[0] + " WHERE id = " + id);
            try {
                ValidationReport report = TableValidator.validate(source, target, "users");
                assertThat(report.differing()).as(column)
                        .containsExactly(new ValidationReport.Difference("id=" + id, List.of(column)));
                assertThat(report.missingCount() + report.extraCount()).as(column).isZero();
                assertThat(report.isValid()).isFalse();
            } finally {
                execute(changed, "UPDATE users SET " + column + " = " + change.getValue()[1] + " WHERE id = " + id);
            }
        }
    }

    private static void assertValidEqual(ValidationReport report) {
        assertThat(report.missing()).isEmpty();
        assertThat(report.extra()).isEmpty();
        assertThat(report.differing()).isEmpty();
        assertThat(report.sourceRows()).isEqualTo(LAST - 9 + 3);
        assertThat(report.targetRows()).isEqualTo(LAST - 9 + 3);
        assertThat(report.isValid()).isTrue();
    }
}
