package io.dbworkers.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dbworkers.component.redis.streams.StreamMessage;

/**
 * Every check of a reading against long and crafted input: each entry ends as a row or a dead letter, and a crafted
 * megabyte costs no more than reading it. The timeouts are generous; a backtracking check would take hours.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SensorReadingValidatorsFuzzTest {

    private static final int MEGABYTE = 1 << 20;
    private static final String GOOD_TIME = "2024-06-01T12:00:00Z";

    private final SensorReadingTransform transform = new SensorReadingTransform();

    @Test
    void aMegabyteOfDigitsAndOneLetterIsNotANumber() {
        String value = "1".repeat(MEGABYTE) + "x";
        Map<String, String> dead = transform.apply(reading("mqtt_stream:d:t", value, GOOD_TIME, null)).deadLetter();
        assertThat(dead).isNotNull();
        assertThat(dead.get("error")).startsWith("value '111").endsWith("... (1048577 characters)' is not a finite number");
        assertThat(dead.get("value")).isEqualTo(value);
    }

    @Test
    void craftedNumbersAreRefusedAndPlainOnesAccepted() {
        String[] refused = {"1".repeat(MEGABYTE), "1".repeat(101), "." + "1".repeat(MEGABYTE) + ".", "+-1", ".",
            "1e", "1e+", "-.e1", "1" + "e1".repeat(MEGABYTE / 2), "9".repeat(99) + "e999", "1.2.3", " 1", "1_000",
            "Infinity", "NaN", "0x1p3", "1d", "1f", "١"};
        for (String value : refused) {
            assertThat(SensorReadingTransform.isFiniteNumber(value)).as(abbreviated(value)).isFalse();
        }
        String[] accepted = {"1", "-1", "+.5", "5.", "1e5", "1E-5", "-0.0", "9".repeat(100), "0." + "0".repeat(98),
            "1.7976931348623157e308"};
        for (String value : accepted) {
            assertThat(SensorReadingTransform.isFiniteNumber(value)).as(value).isTrue();
        }
    }

    @Test
    void craftedTimestampsAreRefused() {
        String[] refused = {"2024-06-01T" + "1".repeat(MEGABYTE), "2024-06-01T12:00:00." + "9".repeat(MEGABYTE) + "Z",
            "2".repeat(MEGABYTE), "2024-06-01T12:00:00+" + "0".repeat(MEGABYTE), "-".repeat(MEGABYTE),
            "2024-W" + "1".repeat(MEGABYTE), "2024-06-01T" + ":".repeat(MEGABYTE), "\u0000".repeat(MEGABYTE)};
        for (String timestamp : refused) {
            Map<String, String> dead = transform.apply(reading("mqtt_stream:d:t", "1", timestamp, null)).deadLetter();
            assertThat(dead).as(abbreviated(timestamp)).isNotNull();
            assertThat(dead.get("error")).endsWith("' is not ISO-8601").hasSizeLessThan(300);
        }
    }

    @Test
    void craftedMetadataIsDeadLetteredAsNotJson() {
        String[] refused = {"[".repeat(MEGABYTE), "{\"a\":".repeat(MEGABYTE / 5), "\"" + "\\".repeat(MEGABYTE),
            "{" + "\"k\":1,".repeat(MEGABYTE / 6), "[1]" + " ".repeat(MEGABYTE) + "x"};
        for (String metadata : refused) {
            Map<String, String> dead = transform.apply(reading("mqtt_stream:d:t", "1", GOOD_TIME, metadata))
                    .deadLetter();
            assertThat(dead).as(abbreviated(metadata)).isNotNull();
            assertThat(dead.get("error")).startsWith("metadata is not JSON");
        }
        String nested = "[".repeat(500) + "]".repeat(500);
        assertThat(transform.apply(reading("mqtt_stream:d:t", "1", GOOD_TIME, nested)).row()).isNotNull();
    }

    @Test
    void craftedStreamNamesAreDeadLettered() {
        String[] refused = {"mqtt_stream" + ":".repeat(MEGABYTE), "mqtt_stream:" + "d".repeat(MEGABYTE) + ":t",
            ":".repeat(MEGABYTE) + "x"};
        for (String stream : refused) {
            assertThat(transform.apply(reading(stream, "1", GOOD_TIME, null)).deadLetter()).as(abbreviated(stream))
                    .isNotNull();
        }
    }

    /** Random fields from the characters the checks care about: each entry gives a row or a dead letter, never both. */
    @Test
    void randomEntriesEndAsARowOrADeadLetter() {
        Random random = new Random(42);
        String alphabet = "0123456789+-.eE:TWZ ,x{}[]\"\\é\u0000";
        for (int i = 0; i < 10_000; i++) {
            String value = random(random, alphabet, random.nextInt(3) == 0 ? 200 : 12);
            String timestamp = random.nextBoolean() ? mutate(random, GOOD_TIME, alphabet)
                    : random(random, alphabet, 30);
            String metadata = random.nextInt(4) == 0 ? null : random(random, alphabet, 20);
            SensorReadingTransform.Result result = transform.apply(reading("mqtt_stream:d:t", value, timestamp,
                    metadata));
            assertThat(result.row() == null).isNotEqualTo(result.deadLetter() == null);
            if (result.row() != null) {
                assertThat(Double.isFinite(Double.parseDouble((String) result.row().get("value")))).isTrue();
                assertThat(IsoTimestamp.parse(timestamp.trim())).isNotNull();
            }
        }
    }

    private static String random(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String mutate(Random random, String text, String alphabet) {
        StringBuilder mutated = new StringBuilder(text);
        for (int i = random.nextInt(4); i >= 0; i--) {
            int at = random.nextInt(mutated.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.setCharAt(at, c);
                case 1 -> mutated.insert(at, c);
                default -> mutated.deleteCharAt(at);
            }
        }
        return mutated.toString();
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "... (" + text.length() + " characters)";
    }

    private static StreamMessage reading(String stream, String value, String timestamp, String metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("value", value);
        fields.put("timestamp", timestamp);
        if (metadata != null) {
            fields.put("metadata", metadata);
        }
        return new StreamMessage(stream, "1-0", fields, 1);
    }
}
