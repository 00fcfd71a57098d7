package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Skytools' URL encoding of ev_data, as skytools.db_urldecode reads it, and what is refused as not URL-encoded. */
class UrlEncodingTest {

    @Test
    void decodesPairsInOrderWithEscapesAndNulls() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "1");
        expected.put("name", "Jürgen Müller");
        expected.put("gone", null);
        expected.put("empty", "");
        expected.put("eq", "a=b");
        expected.put("mail", "x@y");
        assertThat(UrlEncoding.decode("id=1&name=J%C3%BCrgen+M%c3%bcller&gone&empty=&&eq=a=b&mail=x%40y"))
                .containsExactlyEntriesOf(expected);
        assertThat(UrlEncoding.decode(null)).isEmpty();
        assertThat(UrlEncoding.decode("")).isEmpty();
        assertThat(UrlEncoding.decode("=v")).containsExactly(Map.entry("", "v"));
    }

    @Test
    void encodingThenDecodingGivesTheFieldsBack() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("text", "a & b = c; 100% {\"json\"} ü €");
        fields.put("none", null);
        fields.put("number", 42);
        assertThat(UrlEncoding.decode(UrlEncoding.encode(fields))).containsExactly(
                Map.entry("text", "a & b = c; 100% {\"json\"} ü €"), entry("none", null), Map.entry("number", "42"));
    }

    @Test
    void refusesTextThatIsNotUrlEncodedWithTheFirstReason() {
        assertThatThrownBy(() -> UrlEncoding.decode("{\"plain\": true}")).isInstanceOf(NotUrlEncodedException.class)
                .hasMessage("ev_data is not URL-encoded (the character '{' is not escaped): {\"plain\": true}");
        assertThatThrownBy(() -> UrlEncoding.decode("a=1 2")).hasMessageContaining("the character ' ' is not escaped");
        assertThatThrownBy(() -> UrlEncoding.decode("a=%zz b")).hasMessageContaining("a % without two hex digits");
        assertThatThrownBy(() -> UrlEncoding.decode("a=1&b=%4")).hasMessageContaining("a % without two hex digits");
        assertThatThrownBy(() -> UrlEncoding.decode("a%4=1")).hasMessageContaining("a % without two hex digits");
        assertThatThrownBy(() -> UrlEncoding.decode("k=%ff&v=x y")).hasMessageContaining("its escapes are not UTF-8");
        assertThatThrownBy(() -> UrlEncoding.decode("é=1")).hasMessageContaining("the character 'é' is not escaped");
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        return new java.util.AbstractMap.SimpleEntry<>(key, value);
    }
}
