package io.dbworkers.component.dbwrite;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DbWriteCopyFormatTest {

    /** The value's COPY text, checked to be the same whether built as text or written as UTF-8 bytes. */
    private static String value(Object value) {
        StringBuilder out = new StringBuilder();
        CopyFormat.appendValue(out, value);
        assertThat(row(Arrays.asList(value, "x"))).isEqualTo(out + "\tx\n");
        return out.toString();
    }

    private static String row(List<Object> values) {
        CopyBytes bytes = new CopyBytes(4);
        bytes.appendRow(values);
        return new String(bytes.array(), 0, bytes.length(), StandardCharsets.UTF_8);
    }

    @Test
    void nullIsBackslashN() {
        assertThat(value(null)).isEqualTo("\\N");
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscaped() {
        assertThat(value("a\tb\nc\\d\re")).isEqualTo("a\\tb\\nc\\\\d\\re");
        assertThat(value("\\N")).isEqualTo("\\\\N");
    }

    @Test
    void unpairedSurrogatesAreEncodedAsStringGetBytesDoes() {
        assertThat(row(Arrays.asList("a\ud800b", "\udc00"))).isEqualTo("a?b\t?\n");
    }

    @Test
    void unicodeAndOtherTextPassAsTheyAre() {
        assertThat(value("température 23°C ✓ 𝄞 \"quoted\" 'single' ,;|")).isEqualTo(
                "température 23°C ✓ 𝄞 \"quoted\" 'single' ,;|");
    }

    @Test
    void numbersAndBooleansInPostgresInputForm() {
        assertThat(value(23.5)).isEqualTo("23.5");
        assertThat(value(1.0E-10)).isEqualTo("1.0E-10");
        assertThat(value(Double.NaN)).isEqualTo("NaN");
        assertThat(value(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(value(new java.math.BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(value(42L)).isEqualTo("42");
        assertThat(value(true)).isEqualTo("t");
    }

    @Test
    void dateTimesAsIso8601WithTheirOffset() {
        assertThat(value(Instant.parse("2023-10-18T14:30:00.123456Z"))).isEqualTo("2023-10-18T14:30:00.123456Z");
        assertThat(value(ZonedDateTime.of(2023, 10, 18, 16, 30, 0, 0, ZoneId.of("Europe/Paris"))))
                .isEqualTo("2023-10-18T16:30+02:00");
        assertThat(value(OffsetDateTime.parse("2023-10-18T14:30:00-05:00"))).isEqualTo("2023-10-18T14:30-05:00");
        assertThat(value(LocalDate.of(2023, 10, 18))).isEqualTo("2023-10-18");
    }

    @Test
    void mapsAndListsAsEscapedJson() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("note", "tab\there");
        metadata.put("list", List.of(1, 2));
        // the JSON escape \t keeps its backslash, which COPY then doubles
        assertThat(value(metadata)).isEqualTo("{\"note\":\"tab\\\\there\",\"list\":[1,2]}");
    }

    @Test
    void bytesAsEscapedHex() {
        assertThat(value(new byte[] {0x01, (byte) 0xff})).isEqualTo("\\\\x01ff");
    }

    @Test
    void rowIsTabSeparatedAndEndsWithNewline() {
        assertThat(row(Arrays.asList("a", null, 1))).isEqualTo("a\t\\N\t1\n");
    }
}
