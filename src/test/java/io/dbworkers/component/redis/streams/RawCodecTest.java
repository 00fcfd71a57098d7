package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Keys come back byte for byte, whether decoded anew or taken from the cache of keys seen before. */
class RawCodecTest {

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aKeySeenBeforeIsTheSameStringAndTheBufferIsRead() {
        ByteBuffer first = bytes("metadata");
        String key = RawCodec.INSTANCE.decodeKey(first);
        ByteBuffer again = bytes("metadata");
        assertThat(RawCodec.INSTANCE.decodeKey(again)).isSameAs(key).isEqualTo("metadata");
        assertThat(first.remaining()).isZero();
        assertThat(again.remaining()).isZero();
    }

    @Test
    void everyKeyDecodesToItsOwnBytes() {
        // many keys share the cache's 256 slots: each must still come back as its own bytes
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2000; i++) {
                String key = "mqtt_stream:dev" + i + ":\u00ff\u0080" + (char) (i % 256);
                assertThat(RawCodec.INSTANCE.decodeKey(bytes(key))).isEqualTo(key);
            }
        }
        String longKey = "k".repeat(RawCodec.CACHED_KEY_LENGTH + 1);
        assertThat(RawCodec.INSTANCE.decodeKey(bytes(longKey))).isEqualTo(longKey);
        assertThat(RawCodec.INSTANCE.decodeKey(bytes(""))).isEmpty();
    }

    @Test
    void aSliceOfALargerBufferIsDecodedFromItsPosition() {
        ByteBuffer buffer = bytes("xxvaluexx");
        buffer.position(2).limit(7);
        assertThat(RawCodec.INSTANCE.decodeKey(buffer.slice())).isEqualTo("value");
        buffer.position(2).limit(7);
        assertThat(RawCodec.INSTANCE.decodeKey(buffer)).isEqualTo("value");
        assertThat(buffer.position()).isEqualTo(7);
    }
}
