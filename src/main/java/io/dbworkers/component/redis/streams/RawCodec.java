package io.dbworkers.component.redis.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.codec.RedisCodec;

/**
 * {@link RawText}'s codec: each byte is one char. Decoding copies the reply's bytes straight into a compact (Latin-1)
 * String, where lettuce's {@code StringCodec} for ISO-8859-1 goes through a Netty buffer and a CharBuffer per key and
 * value: the most allocated objects of a busy writer. Keys (stream names, and the field names of stream entries, the
 * same few in every entry) are taken from a small cache of the keys decoded before when the bytes are the same: no
 * new String, and its hash already computed for the map lettuce puts the fields in.
 */
final class RawCodec implements RedisCodec<String, String> {

    static final RawCodec INSTANCE = new RawCodec();
    /** keys longer than this are decoded anew each time */
    static final int CACHED_KEY_LENGTH = 64;
    private static final int CACHE_SIZE = 256;

    /**
     * Keys by a hash of their bytes; threads (the event loops of several connections) may replace each other's
     * entries, which only costs a miss: a String is immutable, its publication safe.
     */
    private final String[] keys = new String[CACHE_SIZE];

    private RawCodec() {
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        if (bytes == null || bytes.remaining() > CACHED_KEY_LENGTH) {
            return decode(bytes);
        }
        int start = bytes.position();
        int length = bytes.remaining();
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + bytes.get(start + i);
        }
        int slot = (hash ^ (hash >>> 16)) & (CACHE_SIZE - 1);
        String known = keys[slot];
        if (known != null && sameBytes(known, bytes, start, length)) {
            bytes.position(bytes.limit());
            return known;
        }
        String key = decode(bytes);
        keys[slot] = key;
        return key;
    }

    private static boolean sameBytes(String text, ByteBuffer bytes, int start, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) != (bytes.get(start + i) & 0xFF)) {
                return false;
            }
        }
        return true;
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
