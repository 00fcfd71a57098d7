package io.dbworkers.component.dbcdc.pgoutput;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** bytea, bit strings and points, as Debezium gives them. */
final class PgTextValuesBytes {

    private PgTextValuesBytes() {
    }

    /** bytea_output hex ({@code \x00ff}) or escape ({@code \000\377}, {@code \\} for a backslash). */
    static byte[] bytea(String text) {
        if (text.startsWith("\\x")) {
            int length = (text.length() - 2) / 2;
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (hex(text, 2 + 2 * i) << 4 | hex(text, 3 + 2 * i));
            }
            return bytes;
        }
        ByteBuffer out = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.put((byte) c);
            } else if (text.charAt(i + 1) == '\\') {
                out.put((byte) '\\');
                i++;
            } else {
                out.put((byte) Integer.parseInt(text, i + 1, i + 4, 8));
                i += 3;
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static int hex(String text, int index) {
        int digit = Character.digit(text.charAt(index), 16);
        if (digit < 0) {
            throw new IllegalArgumentException("'" + text + "' has no hex digit at " + index);
        }
        return digit;
    }

    /**
     * bit(1) and varbit(1) are a Boolean; longer bit strings Debezium's Bits: the string read as a binary number,
     * little-endian, with no high zero bytes (so all zeros are no bytes at all).
     */
    static Object bits(int typeModifier, String text) {
        int length = text.length();
        if (typeModifier == 1) {
            return text.indexOf('1') >= 0;
        }
        BitSet bits = new BitSet(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(length - 1 - i);
            if (c == '1') {
                bits.set(i);
            } else if (c != '0') {
                throw new IllegalArgumentException("'" + text + "' is no bit string");
            }
        }
        return bits.toByteArray();
    }

    /** Debezium's Point: x, y, its WKB (little-endian) and no SRID. */
    static Map<String, Object> point(String text) {
        int comma = text.indexOf(',');
        if (text.charAt(0) != '(' || comma < 0 || text.charAt(text.length() - 1) != ')') {
            throw new IllegalArgumentException("'" + text + "' is no point");
        }
        double x = Double.parseDouble(text.substring(1, comma));
        double y = Double.parseDouble(text.substring(comma + 1, text.length() - 1));
        byte[] wkb = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1).putInt(1).putDouble(x).putDouble(y).array();
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("x", x);
        point.put("y", y);
        point.put("wkb", wkb);
        point.put("srid", null);
        return point;
    }
}
