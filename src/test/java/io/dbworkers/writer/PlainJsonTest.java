package io.dbworkers.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The quick check of metadata never accepts a text that Jackson's parser refuses; plain metadata passes it. */
class PlainJsonTest {

    @Test
    void acceptsPlainMetadata() {
        String[] plain = {"{}", "[]", "{\"rssi\":-40}", " {\"a\": [1, 2.5e-3, true, false, null, \"x\\u00e9\\n\"]} ",
            "\"text\"", "0", "-0.5", "1E+9", "{\"nested\":{\"deeper\":[[{}]]}}", "{\"unicode\":\"température ✓ 𝄞\"}"};
        for (String text : plain) {
            assertThat(PlainJson.isValid(text)).as(text).isTrue();
            assertThat(SensorReadingTransform.jacksonProblem(text)).as(text).isNull();
        }
    }

    @Test
    void leavesEverythingElseToJackson() {
        String[] other = {"", " ", "{", "}", "{} {}", "{} x", "{oops", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1",
            "-", "1e", "NaN", "Infinity", "'x'", "{'a':1}", "{a:1}", "\"tab\there\"", "\"\\x\"", "\"\\u12G4\"",
            "truex", "nul", "[1 2]", "{\"a\" 1}", "// c\n{}", "{}\u000b", "\"unterminated",
            "[".repeat(PlainJson.MAX_DEPTH + 1) + "]".repeat(PlainJson.MAX_DEPTH + 1), "1".repeat(101),
            "\"" + "x".repeat(PlainJson.MAX_LENGTH) + "\""};
        for (String text : other) {
            assertThat(PlainJson.isValid(text)).as(text).isFalse();
        }
    }

    @Test
    void neverAcceptsWhatJacksonRefuses() {
        Random random = new Random(11);
        String alphabet = "{}[]:,\"\\ \t\n\r-+.eE0123456789tfnrulsaxu/bé\u0001";
        List<String> seeds = new ArrayList<>(List.of("{\"rssi\":-40,\"ok\":true}", "[1,2.5e-3,null,\"a\\\"b\"]"));
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> {
                        if (at < text.length()) {
                            text.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < text.length()) {
                            text.setCharAt(at, c);
                        }
                    }
                }
            }
            String candidate = text.toString();
            if (PlainJson.isValid(candidate)) {
                accepted++;
                assertThat(SensorReadingTransform.jacksonProblem(candidate)).as(candidate).isNull();
            }
        }
        assertThat(accepted).isGreaterThan(1000);
    }
}
