package io.dbworkers.writer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of malformed entry goes to the dead-letter stream with the seed's fields and its reason, the good ones are
 * written, and every entry is acknowledged.
 */
class RedisWriterMalformedIT extends RedisWriterItBase {

    @Test
    void badEntriesAreDeadLetteredGoodOnesWrittenAllAcknowledged() throws Exception {
        migrate();
        String good = stream("esp32", "temperature");
        add(good, "23.5", "2023-10-18T14:30:00Z", "{\"room\":\"kitchen\"}");
        add(good, "24", "2023-10-18T14:31:00+02:00", null);
        String notNumeric = good + "/" + add(good, "hot", "2023-10-18T14:32:00Z", null);
        String badTime = good + "/" + add(good, "25", "18/10/2023 14:33", null);
        String badJson = good + "/" + add(good, "26", "2023-10-18T14:34:00Z", "{room: kitchen");
        String noValue = good + "/" + add(good, null, "2023-10-18T14:35:00Z", null);
        // valid JSON that PostgreSQL's jsonb refuses: found by the database, bisected out of the batch
        String humidity = stream("esp32", "humidity");
        String refused = humidity + "/" + add(humidity, "40", "2023-10-18T14:36:00Z", "{\"a\":\"\\u0000\"}");
        add(humidity, "41", "2023-10-18T14:37:00Z", null);
        String badName = name + ":lonely/" + add(name + ":lonely", "1", "2023-10-18T14:38:00Z", null);

        startWriter(env());

        await().until(() -> deadLettered().size() == 6 && rows() == 3 && pending() == 0);
        Map<String, Map<String, String>> byId = deadLettered().stream()
                .collect(Collectors.toMap(d -> d.get("original_stream") + "/" + d.get("original_id"), d -> d));
        assertThat(byId.keySet()).containsExactlyInAnyOrder(notNumeric, badTime, badJson, noValue, refused, badName);
        for (Map<String, String> dead : byId.values()) {
            assertThat(dead).containsKeys("original_stream", "original_id", "device_id", "sensor_type", "value",
                    "error", "failed_at");
        }
        assertThat(byId.get(notNumeric)).containsEntry("original_stream", good).containsEntry("device_id", "esp32")
                .containsEntry("sensor_type", "temperature").containsEntry("value", "hot")
                .containsEntry("error", "value 'hot' is not a finite number");
        assertThat(byId.get(badTime).get("error")).isEqualTo("timestamp '18/10/2023 14:33' is not ISO-8601");
        assertThat(byId.get(badJson).get("error")).startsWith("metadata is not JSON");
        assertThat(byId.get(noValue).get("error")).isEqualTo("value is missing");
        assertThat(byId.get(refused)).containsEntry("sensor_type", "humidity").containsEntry("value", "40");
        assertThat(byId.get(refused).get("error")).startsWith("database refused the row:").contains("22P05");
        assertThat(byId.get(badName).get("error")).contains("is not <prefix>:<device_id>:<sensor_type>");
        assertThat(queryLong("SELECT count(*) FROM sensor_readings WHERE device_id = 'esp32' AND value IN (23.5, 24, 41)"
                + " AND metadata IS NOT DISTINCT FROM CASE WHEN value = 23.5 THEN '{\"room\":\"kitchen\"}'::jsonb END"))
                .isEqualTo(3);
        assertThat(queryLong("SELECT count(*) FROM sensor_readings WHERE \"timestamp\" = '2023-10-18T12:31:00Z'"))
                .isEqualTo(1);
    }

    private String add(String stream, String value, String timestamp, String metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (value != null) {
            fields.put("value", value);
        }
        fields.put("timestamp", timestamp);
        if (metadata != null) {
            fields.put("metadata", metadata);
        }
        return redis.xadd(stream, fields);
    }
}
