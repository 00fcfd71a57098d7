package io.dbworkers.component.redis.streams;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.codec.RedisCodec;

/**
 * Keys and values as the consumer exchanges them with Redis: ISO-8859-1, one char per byte, so that every key, also
 * one that is not valid UTF-8, goes back to Redis byte for byte (XGROUP, XREADGROUP, XACK). Text from the
 * configuration is turned into this form with {@link #raw}; what is delivered or logged is decoded with
 * {@link #display}, and {@link #problem} says where a text is not UTF-8.
 */
final class RawText {

    static final RedisCodec<String, String> CODEC = RawCodec.INSTANCE;

    private RawText() {
    }

    /** Text (from the configuration) as Redis gets it: its UTF-8 bytes, one char each. */
    static String raw(String text) {
        return text == null ? null : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The UTF-8 text of raw bytes; a byte that is not part of valid UTF-8 shown as {@code \xFF}, never dropped. */
    static String display(String raw) {
        if (isAscii(raw)) {
            return raw;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder text = new StringBuilder(bytes.length);
        CharsetDecoder decoder = decoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            var result = decoder.decode(in, out, true);
            out.flip();
            text.append(out);
            out.clear();
            if (result.isUnderflow()) {
                decoder.flush(out);
                out.flip();
                return text.append(out).toString();
            }
            for (int i = 0; i < result.length(); i++) {
                text.append(String.format("\\x%02X", in.get() & 0xFF));
            }
        }
    }

    /** Null when the raw bytes are valid UTF-8, else where they are not, e.g. {@code byte 0xFF at offset 3}. */
    static String problem(String raw) {
        if (isAscii(raw)) {
            return null;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (!decoder().decode(in, CharBuffer.allocate(bytes.length), true).isError()) {
            return null;
        }
        return String.format("byte 0x%02X at offset %d", bytes[in.position()] & 0xFF, in.position());
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static boolean isAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
