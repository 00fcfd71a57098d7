package io.dbworkers.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What Python's {@code datetime.fromisoformat} (CPython 3.11) made of each text, checked against Python itself. */
class IsoTimestampTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-06-01|2024-06-01T00:00:00Z",
        "20240601|2024-06-01T00:00:00Z",
        "2024-06-01T12|2024-06-01T12:00:00Z",
        "2024-06-01T1200|2024-06-01T12:00:00Z",
        "2024-06-01T12:00:00:00|2024-06-01T12:00:00Z",
        "2024-06-01T12,5|2024-06-01T12:00:00.5Z",
        "2024-06-01T12:00:00.1234567|2024-06-01T12:00:00.123456Z",
        "2024-06-01T12:00:00.000000001Z|2024-06-01T12:00:00Z",
        "2024-06-01T00:00+05:99|2024-05-31T17:21:00Z",
        "2024-06-01T00:00+23:59|2024-05-31T00:01:00Z",
        "2024-06-01T12:00+05:30:00.123|2024-06-01T06:29:59.877Z",
        "2024-06-01T12:00+0530|2024-06-01T06:30:00Z",
        "2024-06-01T12:00:00-00:00|2024-06-01T12:00:00Z",
        "2024W01|2024-01-01T00:00:00Z",
        "2024W011|2024-01-01T00:00:00Z",
        "2024-W01-1T10|2024-01-01T10:00:00Z",
        "2020-W53-7T23:59|2021-01-03T23:59:00Z",
        "2024-06-01X12:00|2024-06-01T12:00:00Z",
        "2024-06-01t12:00|2024-06-01T12:00:00Z",
        "2024-06-01é12:00|2024-06-01T12:00:00Z",
        "2023-10-18 14:30:00.250Z|2023-10-18T14:30:00.250Z",
        "9999-12-31T23:59:59-01:00|+10000-01-01T00:59:59Z"})
    void acceptsWhatPythonAccepted(String text, String instant) {
        IsoTimestamp.Parsed parsed = IsoTimestamp.parse(text);
        assertThat(parsed).as(text).isNotNull();
        assertThat(parsed.time().toInstant()).isEqualTo(OffsetDateTime.parse(instant).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-01T", "2024-06-01T12:00:00.", "2024-06-01T12:00:00.1234567x",
        "2024-06-01T00:00+24:00", "2024-06-01T24:00", "2024-06", "2024-W53", "2021-W53", "2024-06-01T12:00Zx",
        "0000-01-01", "2024-06-01T12:5", " 2024-06-01", "2024-02-30", "2024-06-01T12:00+05:3", "2024-W0110",
        "2024061", "2024-06-01T12:00:00.5+", "2024-06-01T12-", "2024-06-01T12:60", "18/10/2023 14:33",
        "2024-06-01T12:00z"})
    void refusesWhatPythonRefused(String text) {
        assertThat(IsoTimestamp.parse(text)).as(text).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-06-01T12:00:00Z|true",
        "2024-06-01 12:00:00.123456+05:30|true",
        "2024-06-01T12:00:00.1234567+05:30|false",
        "2024-06-01T12:00:00|false",
        "2024-06-01T12:00Z|false",
        "20240601T120000Z|false",
        "2024-06-01T12:00:00+05|false",
        "2024-06-01T12:00:00+05:99|false",
        "2024-06-01T12:00:00+16:00|false"})
    void onlyFormsPostgresReadsTheSameAreHandedOverAsText(String text, boolean asIs) {
        assertThat(IsoTimestamp.parse(text).readAsIs()).as(text).isEqualTo(asIs);
    }
}
