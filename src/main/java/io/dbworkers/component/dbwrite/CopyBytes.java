package io.dbworkers.component.dbwrite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Rows in COPY text format ({@link CopyFormat}) written straight into UTF-8 bytes: an ASCII value with nothing to
 * escape, as nearly every value is, is copied char by char into the buffer in one pass, where text built in a
 * {@code StringBuilder}, then turned into a {@code String} and encoded took three passes and two copies. Any other
 * value goes through {@link CopyFormat#appendValue}, so the bytes are the same either way.
 */
final class CopyBytes {

    private byte[] bytes;
    private int length;
    private final StringBuilder slow = new StringBuilder();

    CopyBytes(int capacity) {
        bytes = new byte[capacity];
    }

    void appendRow(List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            appendValue(values.get(i));
        }
        put((byte) '\n');
    }

    private void appendValue(Object value) {
        String text = value instanceof String s ? s : CopyFormat.text(value);
        if (text == null) {
            put((byte) '\\');
            put((byte) 'N');
            return;
        }
        int n = text.length();
        ensure(n);
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                slow(text);
                return;
            }
            bytes[at++] = (byte) c;
        }
        length = at;
    }

    /** Escapes and encodes as {@link CopyFormat} and {@code String.getBytes} do, for the rare value that needs it. */
    private void slow(String text) {
        slow.setLength(0);
        CopyFormat.appendValue(slow, text);
        byte[] encoded = slow.toString().getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }
}
