package io.dbworkers.component.pgq;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Skytools' URL encoding of ev_data ({@code skytools.db_urlencode} / {@code db_urldecode}, and what
 * {@code pgq.logutriga} writes): {@code key=value} pairs joined by {@code &}, a key alone for SQL NULL, spaces as
 * {@code +}, everything but letters, digits and {@code _.-~} as {@code %xx} of its UTF-8 bytes. Decoding is stricter
 * than Skytools': text that was never URL-encoded (spaces, quotes, braces, bad escapes) is refused rather than read as
 * one odd key, so that such an event fails where the route can see it.
 */
public final class UrlEncoding {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The characters that may stand unescaped in URL-encoded text: printable ASCII but space and these. */
    private static final boolean[] PLAIN = new boolean[0x7f];

    static {
        for (char c = '!'; c < 0x7f; c++) {
            PLAIN[c] = "\"'{}[]<>\\^`|".indexOf(c) < 0;
        }
    }

    private UrlEncoding() {
    }

    /** The pairs, in order; a null value is written as the key alone. */
    public static String encode(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            quote(field.getKey(), out);
            if (field.getValue() != null) {
                out.append('=');
                quote(String.valueOf(field.getValue()), out);
            }
        }
        return out.toString();
    }

    /**
     * The pairs of URL-encoded text, in order; empty for null or empty text.
     *
     * @throws NotUrlEncodedException when the text is not URL-encoded
     */
    public static Map<String, String> decode(String text) {
        if (text == null || text.isEmpty()) {
            return Collections.emptyMap();
        }
        // one pass: each key and value is checked and cut out as its end is reached, in the order of the text
        Map<String, String> fields = new LinkedHashMap<>();
        int length = text.length();
        int start = 0;
        String key = null;
        boolean escaped = false;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : '&';
            if (c == '&') {
                if (key != null) {
                    fields.put(key, part(text, start, i, escaped));
                } else if (i > start) {
                    fields.put(part(text, start, i, escaped), null);
                }
                key = null;
                start = i + 1;
                escaped = false;
            } else if (c == '=' && key == null) {
                key = part(text, start, i, escaped);
                start = i + 1;
                escaped = false;
            } else if (c == '%') {
                if (i + 2 >= length || Character.digit(text.charAt(i + 1), 16) < 0
                    || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw notEncoded(text, "a % without two hex digits");
                }
                escaped = true;
                i += 2;
            } else if (c == '+') {
                escaped = true;
            } else if (!isPlain(c)) {
                throw notEncoded(text, "the character '" + c + "' is not escaped");
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static void quote(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '-' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    /** One key or value, checked already: as it is when it has no escapes (the common case), else decoded. */
    private static String part(String text, int start, int end, boolean escaped) {
        String s = text.substring(start, end);
        return escaped ? unescape(s, text) : s;
    }

    private static boolean isPlain(char c) {
        return c < PLAIN.length && PLAIN[c];
    }

    private static String unescape(String s, String whole) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw notEncoded(whole, "a % without two hex digits");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw notEncoded(whole, "a % without two hex digits");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (!isPlain(c)) {
                throw notEncoded(whole, "the character '" + c + "' is not escaped");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw notEncoded(whole, "its escapes are not UTF-8");
        }
    }

    private static NotUrlEncodedException notEncoded(String text, String why) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return new NotUrlEncodedException("ev_data is not URL-encoded (" + why + "): " + shown);
    }
}
