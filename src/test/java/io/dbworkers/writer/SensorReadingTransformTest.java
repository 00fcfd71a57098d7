package io.dbworkers.writer;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dbworkers.component.redis.streams.StreamMessage;

import static org.assertj.core.api.Assertions.assertThat;

class SensorReadingTransformTest {

    private final SensorReadingTransform transform = new SensorReadingTransform();

    @Test
    void validEntryBecomesARow() {
        StreamMessage message = message("mqtt_stream:esp32:temperature", "23.5", "2023-10-18T14:30:00Z",
                "{\"room\":\"kitchen\"}");
        SensorReadingTransform.Result result = transform.apply(message);
        assertThat(result.deadLetter()).isNull();
        assertThat(result.row()).containsEntry("device_id", "esp32").containsEntry("sensor_type", "temperature")
                .containsEntry("value", "23.5").containsEntry("metadata", "{\"room\":\"kitchen\"}")
                .containsEntry("stream", "mqtt_stream:esp32:temperature").containsEntry("entry_id", "1-0")
                .containsEntry("timestamp", "2023-10-18T14:30:00Z")
                .containsEntry(SensorReadingTransform.ENTRY, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2023-10-18T14:30:00+02:00|2023-10-18T12:30:00Z",
        "2023-10-18T14:30:00|2023-10-18T14:30:00Z",
        "2023-10-18 14:30:00.250Z|2023-10-18T14:30:00.250Z"})
    void timestampForms(String timestamp, String utc) {
        Object kept = transform.apply(message("mqtt_stream:d:t", "1", timestamp, null)).row().get("timestamp");
        // with an offset the text goes to PostgreSQL as it is; without, it is taken as UTC
        OffsetDateTime parsed = kept instanceof String text ? IsoTimestamp.parse(text).time()
                : (OffsetDateTime) kept;
        assertThat(parsed.toInstant()).isEqualTo(OffsetDateTime.parse(utc).toInstant());
        assertThat(kept instanceof String).isEqualTo(!timestamp.equals("2023-10-18T14:30:00"));
    }

    @Test
    void absentOrEmptyMetadataIsNull() {
        assertThat(transform.apply(message("mqtt_stream:d:t", "-1e3", "2023-10-18T14:30:00Z", null)).row())
                .containsEntry("metadata", null).containsEntry("value", "-1e3");
        assertThat(transform.apply(message("mqtt_stream:d:t", "1", "2023-10-18T14:30:00Z", " ")).row())
                .containsEntry("metadata", null);
    }

    @Test
    void deviceIdMayHoldColons() {
        assertThat(transform.apply(message("mqtt_stream:site:7:humidity", "1", "2023-10-18T14:30:00Z", null)).row())
                .containsEntry("device_id", "site:7").containsEntry("sensor_type", "humidity");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "mqtt_stream:d:t|abc|2023-10-18T14:30:00Z|NULL|value 'abc' is not a finite number",
        "mqtt_stream:d:t|NaN|2023-10-18T14:30:00Z|NULL|value 'NaN' is not a finite number",
        "mqtt_stream:d:t|1e999|2023-10-18T14:30:00Z|NULL|value '1e999' is not a finite number",
        "mqtt_stream:d:t|0x10|2023-10-18T14:30:00Z|NULL|value '0x10' is not a finite number",
        "mqtt_stream:d:t|NULL|2023-10-18T14:30:00Z|NULL|value is missing",
        "mqtt_stream:d:t|1|yesterday|NULL|timestamp 'yesterday' is not ISO-8601",
        "mqtt_stream:d:t|1|NULL|NULL|timestamp is missing",
        "mqtt_stream:d:t|1|2023-10-18T14:30:00Z|{oops|metadata is not JSON",
        "mqtt_stream:d:t|1|2023-10-18T14:30:00Z|{} x|metadata is not JSON",
        "mqtt_stream:d:t|1|2023-10-18T14:30:00Z|{} {}|metadata is not JSON: more than one JSON value",
        "mqtt_stream:d|1|2023-10-18T14:30:00Z|NULL|stream name mqtt_stream:d is not",
        "mqtt_stream:d:|1|2023-10-18T14:30:00Z|NULL|stream name mqtt_stream:d: is not"})
    void invalidEntryBecomesADeadLetterWithTheSeedsFields(String stream, String value, String timestamp,
            String metadata, String error) {
        SensorReadingTransform.Result result = transform.apply(message(stream, value, timestamp, metadata));
        assertThat(result.row()).isNull();
        Map<String, String> dead = result.deadLetter();
        assertThat(dead).containsKeys("original_stream", "original_id", "device_id", "sensor_type", "value",
                "error", "failed_at");
        assertThat(dead.get("original_stream")).isEqualTo(stream);
        assertThat(dead.get("original_id")).isEqualTo("1-0");
        assertThat(dead.get("value")).isEqualTo(value == null ? "" : value);
        assertThat(dead.get("error")).startsWith(error);
        assertThat(dead.get("failed_at")).matches("\\d+\\.\\d{3}");
    }

    @Test
    void deadLetterKeepsTheSourceOfTheStreamName() {
        Map<String, String> dead = transform.apply(message("mqtt_stream:esp32:temperature", "x",
                "2023-10-18T14:30:00Z", "{}")).deadLetter();
        assertThat(dead).containsEntry("device_id", "esp32").containsEntry("sensor_type", "temperature")
                .containsEntry("timestamp", "2023-10-18T14:30:00Z").containsEntry("metadata", "{}");
    }

    @Test
    void overlongDeviceIdIsDeadLettered() {
        String stream = "mqtt_stream:" + "d".repeat(101) + ":t";
        assertThat(transform.apply(message(stream, "1", "2023-10-18T14:30:00Z", null)).deadLetter())
                .containsEntry("error", "device_id and sensor_type may have at most 100 characters");
    }

    @Test
    void refusedRowGivesTheDeadLetterOfItsEntry() {
        StreamMessage message = message("mqtt_stream:esp32:temperature", "23.50", "2023-10-18T14:30:00Z", null);
        Map<String, Object> row = transform.apply(message).row();
        assertThat(transform.deadLetter(row, "database refused the row: boom"))
                .containsEntry("value", "23.50").containsEntry("original_id", "1-0")
                .containsEntry("error", "database refused the row: boom");
    }

    private static StreamMessage message(String stream, String value, String timestamp, String metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (value != null) {
            fields.put("value", value);
        }
        if (timestamp != null) {
            fields.put("timestamp", timestamp);
        }
        if (metadata != null) {
            fields.put("metadata", metadata);
        }
        return new StreamMessage(stream, "1-0", fields, 1);
    }
}
