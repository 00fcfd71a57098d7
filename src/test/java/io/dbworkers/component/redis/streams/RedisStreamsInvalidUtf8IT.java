package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Redis keys and values are bytes. A stream whose key is not valid UTF-8 but matches the glob is read like any other,
 * and an entry with a field that is not valid UTF-8 is delivered with the reason, never with U+FFFD in its text; both
 * are acknowledged once their exchange completed.
 */
class RedisStreamsInvalidUtf8IT extends RedisStreamsItBase {

    private RedisCommands<byte[], byte[]> bytes;

    @BeforeEach
    void connectBytes() {
        bytes = client.connect(ByteArrayCodec.INSTANCE).sync();
    }

    @AfterEach
    void deleteBytes() {
        bytes.del(invalidKey());
    }

    @Test
    void invalidUtf8KeysAndFieldsAreDeliveredWithTheReasonAndAcknowledged() throws Exception {
        byte[] key = invalidKey();
        String badKeyId = bytes.xadd(key, Map.of(utf8("value"), utf8("1")));
        Map<byte[], byte[]> badField = new LinkedHashMap<>();
        badField.put(utf8("value"), utf8("2"));
        badField.put(utf8("metadata"), new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        redis.xadd(name + ":good", Map.of("value", "0"));
        String badFieldId = bytes.xadd(utf8(name + ":good"), badField);

        startReader(uri(name + ":*", "group=g&consumerName=c&block=200&discoveryInterval=200"), exchange -> { });
        await().until(() -> received.size() == 3);

        StreamMessage fromBadKey = received.stream().filter(m -> m.id().equals(badKeyId)).findFirst().orElseThrow();
        assertThat(fromBadKey.stream()).isEqualTo(name + ":dev\\xFF\\xFE:temperature");
        assertThat(fromBadKey.malformed()).isEqualTo("stream name is not valid UTF-8 (byte 0xFF at offset "
                + (name.length() + 4) + ")");
        StreamMessage withBadField = received.stream().filter(m -> m.id().equals(badFieldId)).findFirst()
                .orElseThrow();
        assertThat(withBadField.malformed()).isEqualTo("field 'metadata' is not valid UTF-8 (byte 0xC3 at offset 6)");
        assertThat(withBadField.fields().get("metadata")).isEqualTo("{\"a\":\"\\xC3\"}").doesNotContain("\uFFFD");
        assertThat(received).filteredOn(m -> m.fields().get("value").equals("0")).singleElement()
                .extracting(StreamMessage::malformed).isNull();

        await().until(() -> bytes.xpending(key, utf8("g")).getCount() == 0
                            && pendingIds(name + ":good", "g").isEmpty());
    }

    /** {@code <name>:dev<FF FE>:temperature}: matches {@code <name>:*}, and is no UTF-8. */
    private byte[] invalidKey() {
        byte[] prefix = utf8(name + ":dev");
        byte[] suffix = utf8(":temperature");
        byte[] key = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        key[prefix.length] = (byte) 0xFF;
        key[prefix.length + 1] = (byte) 0xFE;
        System.arraycopy(suffix, 0, key, prefix.length + 2, suffix.length);
        return key;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
