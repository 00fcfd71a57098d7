package io.dbworkers.component.redis.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.codec.RedisCodec;

/**
 * {@link RawText}'s codec: each byte is one char. Decoding copies the reply's bytes straight into a compact (Latin-1)
 * String, where lettuce's {@code StringCodec} for ISO-8859-1 goes through a Netty buffer and a CharBuffer per key and
 * value: the most allocated objects of a busy writer.
 */
final class RawCodec implements RedisCodec<String, String> {

    static final RawCodec INSTANCE = new RawCodec();

    private RawCodec() {
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        return decode(bytes);
    }

    @Override
    public String decodeValue(ByteBuffer bytes) {
        return decode(bytes);
    }

    @Override
    public ByteBuffer encodeKey(String key) {
        return encode(key);
    }

    @Override
    public ByteBuffer encodeValue(String value) {
        return encode(value);
    }

    private static String decode(ByteBuffer bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.hasArray()) {
            String text = new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.ISO_8859_1);
            bytes.position(bytes.limit());
            return text;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return new String(copy, StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer encode(String text) {
        return text == null ? ByteBuffer.wrap(new byte[0]) : ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
