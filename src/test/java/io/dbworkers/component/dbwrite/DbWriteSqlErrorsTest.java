package io.dbworkers.component.dbwrite;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static io.dbworkers.component.dbwrite.SqlErrors.Kind.DATA;
import static io.dbworkers.component.dbwrite.SqlErrors.Kind.OTHER;
import static io.dbworkers.component.dbwrite.SqlErrors.Kind.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

class DbWriteSqlErrorsTest {

    private static SqlErrors.Kind kind(String sqlState) {
        return SqlErrors.classify(new SQLException("boom", sqlState));
    }

    @Test
    void dataExceptionsAndIntegrityViolationsAreData() {
        assertThat(kind("22P02")).as("invalid text representation, e.g. a COPY parse error").isEqualTo(DATA);
        assertThat(kind("22001")).as("value too long").isEqualTo(DATA);
        assertThat(kind("22P04")).as("bad COPY file format").isEqualTo(DATA);
        assertThat(kind("23502")).as("not null violation").isEqualTo(DATA);
        assertThat(kind("23505")).as("unique violation").isEqualTo(DATA);
        assertThat(kind("23000")).as("MariaDB integrity violation").isEqualTo(DATA);
    }

    @Test
    void connectionSerializationResourceAndOperatorErrorsAreTransient() {
        assertThat(kind("08006")).isEqualTo(TRANSIENT);
        assertThat(kind("40001")).as("serialization failure").isEqualTo(TRANSIENT);
        assertThat(kind("40P01")).as("deadlock").isEqualTo(TRANSIENT);
        assertThat(kind("53300")).as("too many connections").isEqualTo(TRANSIENT);
        assertThat(kind("57014")).as("query cancelled").isEqualTo(TRANSIENT);
        assertThat(kind("57P01")).as("admin shutdown").isEqualTo(TRANSIENT);
        assertThat(SqlErrors.classify(new SQLTransientConnectionException("pool timeout"))).isEqualTo(TRANSIENT);
    }

    @Test
    void mariaDbErrorsUnderTheGenericStateAreSortedByTheirCode() {
        assertThat(SqlErrors.classify(new SQLException("Incorrect double value", "HY000", 1366))).isEqualTo(DATA);
        assertThat(SqlErrors.classify(new SQLException("CONSTRAINT failed", "HY000", 4025))).isEqualTo(DATA);
        assertThat(SqlErrors.classify(new SQLException("Lock wait timeout", "HY000", 1205))).isEqualTo(TRANSIENT);
        assertThat(SqlErrors.classify(new SQLException("Unknown", "HY000", 1105))).isEqualTo(OTHER);
    }

    @Test
    void everythingElseIsOther() {
        assertThat(kind("42P01")).as("undefined table").isEqualTo(OTHER);
        assertThat(kind("42703")).as("undefined column").isEqualTo(OTHER);
        assertThat(kind("XX000")).isEqualTo(OTHER);
        assertThat(kind(null)).isEqualTo(OTHER);
    }

    @Test
    void theStateOfAChainedExceptionCountsWhenTheOuterHasNone() {
        SQLException outer = new SQLException("batch failed");
        outer.setNextException(new SQLException("null value", "23502"));
        assertThat(SqlErrors.classify(outer)).isEqualTo(DATA);
    }

    @Test
    void messageIsTheFirstLineWithTheState() {
        SQLException e = new SQLException("ERROR: null value in column \"device_id\"\n  Detail: Failing row", "23502");
        assertThat(SqlErrors.message(e)).isEqualTo("ERROR: null value in column \"device_id\" [SQLState 23502]");
    }
}
