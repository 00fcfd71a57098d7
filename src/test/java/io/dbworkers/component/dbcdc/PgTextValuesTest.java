package io.dbworkers.component.dbcdc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.debezium.time.MicroDuration;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import io.dbworkers.component.dbcdc.pgoutput.PgTextValues;

import static io.dbworkers.component.dbcdc.pgoutput.PgTextValues.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge cases of the pgoutput text decoder, without a server (the parity with Debezium is PgTextValuesParityIT). */
class PgTextValuesTest {

    @Test
    void numbersKeepTheirJavaTypesAndSpecialValues() {
        assertThat(decode(PgTextValues.INT2, -1, "-32768")).isEqualTo((short) -32768);
        assertThat(decode(PgTextValues.INT4, -1, "2147483647")).isEqualTo(2147483647);
        assertThat(decode(PgTextValues.INT8, -1, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(decode(PgTextValues.OID, -1, "4294967295")).isEqualTo(4294967295L);
        assertThat(decode(PgTextValues.FLOAT4, -1, "NaN")).isEqualTo(Float.NaN);
        assertThat(decode(PgTextValues.FLOAT8, -1, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(decode(PgTextValues.FLOAT8, -1, "1e+308")).isEqualTo(1e308);
        assertThat(decode(PgTextValues.BOOL, -1, "t")).isEqualTo(true);
        assertThat(decode(PgTextValues.BOOL, -1, "f")).isEqualTo(false);
    }

    @Test
    void unconstrainedNumericDropsTrailingZerosAndConstrainedKeepsItsScale() {
        int numeric20x5 = (20 << 16 | 5) + 4;
        assertThat(decode(PgTextValues.NUMERIC, numeric20x5, "-0.00001")).isEqualTo(new BigDecimal("-0.00001"));
        assertThat(decode(PgTextValues.NUMERIC, numeric20x5, "12.50000")).isEqualTo(new BigDecimal("12.50000"));
        assertThat(decode(PgTextValues.NUMERIC, -1, "1.50")).isEqualTo(new BigDecimal("1.5"));
        assertThat(decode(PgTextValues.NUMERIC, -1, "100")).isEqualTo(new BigDecimal("100"));
        assertThat(decode(PgTextValues.NUMERIC, -1, "-0.000")).isEqualTo(BigDecimal.ZERO);
        assertThat(decode(PgTextValues.NUMERIC, -1, "NaN")).isNull();
        assertThat(decode(PgTextValues.NUMERIC, -1, "-Infinity")).isNull();
        assertThat(decode(PgTextValues.MONEY, -1, "-$92,233,720,368,547,758.08"))
                .isEqualTo(new BigDecimal("-92233720368547758.08"));
        assertThat(decode(PgTextValues.MONEY, -1, "$0.5")).isEqualTo(new BigDecimal("0.50"));
    }

    @Test
    void byteaInHexAndEscapeFormat() {
        assertThat((byte[]) decode(PgTextValues.BYTEA, -1, "\\x00ff10")).containsExactly(0, 0xff, 0x10);
        assertThat((byte[]) decode(PgTextValues.BYTEA, -1, "\\x")).isEmpty();
        assertThat((byte[]) decode(PgTextValues.BYTEA, -1, "a\\000\\\\\\377")).containsExactly('a', 0, '\\', 0xff);
        assertThatThrownBy(() -> decode(PgTextValues.BYTEA, -1, "\\x0g")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textTypesArePassedThrough() {
        assertThat(decode(PgTextValues.BPCHAR, 9, "ab   ")).isEqualTo("ab   ");
        assertThat(decode(PgTextValues.JSONB, -1, "{\"a\": 1}")).isEqualTo("{\"a\": 1}");
        assertThat(decode(PgTextValues.UUID_OID, -1, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertThat(decode(PgTextValues.NAME, -1, "pg_class")).isNull();
        assertThat(decode(PgTextValues.TEXT, -1, null)).isNull();
    }

    @Test
    void datesAndTimesIncludingErasAndFractions() {
        assertThat(decode(PgTextValues.DATE, -1, "0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(decode(PgTextValues.DATE, -1, "0001-02-29 BC")).isEqualTo(LocalDate.of(0, 2, 29));
        assertThat(decode(PgTextValues.DATE, -1, "294276-12-31")).isEqualTo(LocalDate.of(294276, 12, 31));
        assertThat(decode(PgTextValues.TIME, -1, "13:45:56.5")).isEqualTo(LocalTime.of(13, 45, 56, 500_000_000));
        assertThat(decode(PgTextValues.TIMESTAMP, -1, "2024-02-29 13:45:56.000001"))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 56, 1000));
        assertThat(decode(PgTextValues.TIMESTAMP, -1, "0044-03-15 12:00:00 BC"))
                .isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0));
        assertThatThrownBy(() -> decode(PgTextValues.TIMESTAMP, -1, "2024-02-29T13:45:56"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zonedValuesComeBackAtUtcFromAnyOffset() {
        OffsetDateTime utc = OffsetDateTime.parse("2024-02-29T08:15:56.123456Z");
        for (String text : List.of("2024-02-29 13:45:56.123456+05:30", "2024-02-29 08:15:56.123456+00",
                "2024-02-29 04:45:56.123456-03:30", "2024-02-29 08:25:17.123456+00:09:21")) {
            assertThat(decode(PgTextValues.TIMESTAMPTZ, -1, text)).as(text).isEqualTo(utc);
        }
        assertThat(decode(PgTextValues.TIMESTAMPTZ, -1, "0044-03-15 17:53:28+05:53:28 BC"))
                .isEqualTo(OffsetDateTime.parse("-0043-03-15T12:00:00Z"));
        assertThat(decode(PgTextValues.TIMETZ, -1, "23:59:59.999999+14:59"))
                .isEqualTo(OffsetTime.parse("09:00:59.999999Z"));
        assertThat(decode(PgTextValues.TIMETZ, -1, "00:00:00-12")).isEqualTo(OffsetTime.parse("12:00:00Z"));
    }

    @Test
    void infinitiesAreDebeziumsOverflowedValuesOrNoValue() {
        assertThat(decode(PgTextValues.DATE, -1, "infinity")).isEqualTo(LocalDate.parse("-5877611-06-21"));
        assertThat(decode(PgTextValues.DATE, -1, "-infinity")).isEqualTo(LocalDate.parse("-5877611-06-22"));
        assertThat(decode(PgTextValues.TIMESTAMP, -1, "infinity"))
                .isEqualTo(LocalDateTime.parse("+294247-01-10T04:00:25.2"));
        assertThat(decode(PgTextValues.TIMESTAMP, -1, "-infinity"))
                .isEqualTo(LocalDateTime.parse("-290308-12-21T19:59:27.6"));
        assertThatThrownBy(() -> decode(PgTextValues.TIMESTAMPTZ, -1, "infinity"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode(PgTextValues.TIME, -1, "24:00:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsPastMicrosecondRangeWrapAsInDebezium() {
        assertThat(decode(PgTextValues.TIMESTAMP, -1, "294276-12-31 23:59:59.999999"))
                .isEqualTo(LocalDateTime.parse("-290308-12-21T19:59:06.224190"));
    }

    @Test
    void intervalsAreDebeziumsMicroDurationOfPgjdbcsInterval() throws Exception {
        for (String text : List.of("1 year 2 mons 3 days 04:05:06.789", "-1 years -2 mons +3 days -04:05:06.000001",
                "-1 days -00:00:01", "00:00:00", "178000000 years", "1000:00:00.5", "-00:00:00.000001", "7 days",
                "3 mons 00:00:00.999999", "00:00:01.5", "-00:00:01.5", "-178000000 years -11 mons -30 days")) {
            PGInterval i = new PGInterval(text);
            long expected = MicroDuration.durationMicros(i.getYears(), i.getMonths(), i.getDays(), i.getHours(),
                    i.getMinutes(), i.getSeconds(), MicroDuration.DAYS_PER_MONTH_AVG);
            assertThat(decode(PgTextValues.INTERVAL, -1, text)).as(text).isEqualTo(expected);
        }
        // beyond pgjdbc's int hours: Debezium fails on it as well
        assertThatThrownBy(() -> decode(PgTextValues.INTERVAL, -1, "2147483647 days 2562047788:00:54.775807"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitStringsAreBooleansOrLittleEndianBytes() {
        assertThat(decode(PgTextValues.BIT, 1, "1")).isEqualTo(true);
        assertThat(decode(PgTextValues.VARBIT, 1, "0")).isEqualTo(false);
        assertThat((byte[]) decode(PgTextValues.BIT, 8, "10100101")).containsExactly(0xa5);
        assertThat((byte[]) decode(PgTextValues.VARBIT, -1, "1010101010101010101")).containsExactly(0x55, 0x55, 0x05);
        assertThat((byte[]) decode(PgTextValues.BIT, 8, "00000000")).isEmpty();
    }

    @Test
    void pointIsDebeziumsGeometryStruct() {
        @SuppressWarnings("unchecked")
        Map<String, Object> point = (Map<String, Object>) decode(PgTextValues.POINT, -1, "(1,2)");
        assertThat(point).containsEntry("x", 1.0).containsEntry("y", 2.0).containsEntry("srid", null);
        assertThat(Arrays.toString((byte[]) point.get("wkb")))
                .isEqualTo("[1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, -16, 63, 0, 0, 0, 0, 0, 0, 0, 64]");
    }

    @Test
    void arraysWithQuotesNullsBoundsAndSubArrays() {
        assertThat(decode(1009, -1, "{\"a b\",\"c,d\",NULL,\"NULL\",\"\\\"q\\\" \\\\\",\"\"}"))
                .isEqualTo(Arrays.asList("a b", "c,d", null, "NULL", "\"q\" \\", ""));
        assertThat(decode(1007, -1, "{1,2,NULL}")).isEqualTo(Arrays.asList(1, 2, null));
        assertThat(decode(1007, -1, "[0:1]={5,6}")).isEqualTo(List.of(5, 6));
        assertThat(decode(1007, -1, "{{1,2},{3,4}}")).isEqualTo(Arrays.asList(null, null));
        assertThat(decode(1007, -1, "{}")).isEqualTo(List.of());
        assertThat(decode(1231, -1, "{1.50,100}")).isEqualTo(List.of(new BigDecimal("1.5"), new BigDecimal("100")));
        assertThat(decode(1231, -1, "{1.5,NaN}")).isNull();
        assertThat(decode(1022, -1, "{NaN,Infinity}")).isEqualTo(List.of(Double.NaN, Double.POSITIVE_INFINITY));
        assertThat(decode(1183, -1, "{13:45:56.123456}")).isEqualTo(List.of(LocalTime.of(13, 45, 56, 123_000_000)));
        assertThatThrownBy(() -> decode(1007, -1, "{1,2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnsDebeziumLeavesOut() {
        assertThat(PgTextValues.omitted(3220)).as("pg_lsn").isTrue();
        assertThat(PgTextValues.omitted(1187)).as("interval[]").isTrue();
        assertThat(PgTextValues.omitted(PgTextValues.NAME)).isFalse();
        assertThat(PgTextValues.omitted(1561)).as("bit[]").isFalse();
        assertThat(PgTextValues.omitted(PgTextValues.TIMESTAMPTZ)).isFalse();
    }
}
