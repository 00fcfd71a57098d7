package io.dbworkers.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Readings whose bytes are not UTF-8: a stream key that matches STREAM_PATTERN, and a {@code metadata} field. Each is
 * dead-lettered with the reason naming the key or field, nothing is stored with U+FFFD, and nothing stays pending.
 */
class RedisWriterInvalidUtf8IT extends RedisWriterItBase {

    @Test
    void invalidUtf8IsDeadLetteredWithTheReason() throws Exception {
        migrate();
        RedisCommands<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE).sync();
        byte[] badKey = concat(utf8(name + ":dev"), new byte[] {(byte) 0xFF}, utf8(":temperature"));
        bytes.del(badKey); // left by an earlier run: the base class's clean-up finds keys by their UTF-8 text
        Map<byte[], byte[]> reading = new LinkedHashMap<>();
        reading.put(utf8("value"), utf8("1.5"));
        reading.put(utf8("timestamp"), utf8("2024-06-01"));
        String badKeyId = bytes.xadd(badKey, reading);
        Map<byte[], byte[]> badMetadata = new LinkedHashMap<>(reading);
        badMetadata.put(utf8("metadata"), concat(utf8("{\"room\":\"k"), new byte[] {(byte) 0xE9}, utf8("\"}")));
        String badMetadataId = bytes.xadd(utf8(stream("dev1", "humidity")), badMetadata);
        redis.xadd(stream("dev1", "humidity"), Map.of("value", "2", "timestamp", "2024-06-01",
                "metadata", "{\"room\":\"k\u00e9\"}"));

        startWriter(env());
        await().until(() -> deadLettered().size() == 2 && rows() == 1);

        // entry ids are unique per stream only: the two streams may well hold the same id
        Map<String, Map<String, String>> byEntry = new LinkedHashMap<>();
        deadLettered().forEach(letter -> byEntry.put(letter.get("original_stream") + " " + letter.get("original_id"),
                letter));
        Map<String, String> badKeyLetter = byEntry.get(name + ":dev\\xFF:temperature " + badKeyId);
        assertThat(badKeyLetter).as(byEntry.toString()).isNotNull();
        assertThat(badKeyLetter.get("error"))
                .isEqualTo("stream name is not valid UTF-8 (byte 0xFF at offset " + (name.length() + 4) + ")");
        Map<String, String> badMetadataLetter = byEntry.get(stream("dev1", "humidity") + " " + badMetadataId);
        assertThat(badMetadataLetter).as(byEntry.toString()).isNotNull();
        assertThat(badMetadataLetter.get("error"))
                .isEqualTo("field 'metadata' is not valid UTF-8 (byte 0xE9 at offset 10)");
        assertThat(badMetadataLetter.get("metadata")).isEqualTo("{\"room\":\"k\\xE9\"}");
        assertThat(queryLong("SELECT count(*) FROM sensor_readings WHERE metadata::text LIKE '%\uFFFD%'")).isZero();
        assertThat(queryLong("SELECT count(*) FROM sensor_readings WHERE metadata->>'room' = 'k\u00e9'"
                             + " AND timestamp = '2024-06-01T00:00:00Z'")).isEqualTo(1);
        await().until(() -> pending() == 0 && bytes.xpending(badKey, utf8(GROUP)).getCount() == 0);
        bytes.del(badKey);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : List.of(parts)) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
