package io.dbworkers.component.dbwrite;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;

import io.dbworkers.change.ChangeJson;

/**
 * PostgreSQL's COPY text format: one line per row, columns separated by tabs, {@code \N} for NULL, and backslash,
 * tab, newline and carriage return escaped with a backslash. Values are written in the text form PostgreSQL's input
 * functions parse: ISO-8601 date/times, plain numbers, JSON for maps and lists, {@code \x} hex for bytes.
 */
final class CopyFormat {

    static final String NULL = "\\N";

    private CopyFormat() {
    }

    static void appendValue(StringBuilder out, Object value) {
        String text = text(value);
        if (text == null) {
            out.append(NULL);
            return;
        }
        int plain = 0;
        while (plain < text.length() && !needsEscape(text.charAt(plain))) {
            plain++;
        }
        // most values have nothing to escape: appended at once rather than char by char
        out.append(text, 0, plain);
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    out.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    /** The value as PostgreSQL parses it, unescaped; null for SQL NULL. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            return Double.isNaN(d) ? "NaN" : value.toString();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "t" : "f";
        }
        if (value instanceof byte[]) {
            return "\\x" + HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof Map || value instanceof Collection) {
            return ChangeJson.toJson(value);
        }
        if (value instanceof Date || value instanceof Temporal) {
            return dateTime(value).toString();
        }
        return value.toString();
    }

    /**
     * Date/time values as java.time objects whose toString PostgreSQL parses: zoned values with their offset, and
     * {@code java.util.Date}/{@code java.sql.Timestamp} in the JVM's zone, as pgjdbc binds them.
     */
    static Object dateTime(Object value) {
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toLocalDateTime().atZone(ZoneId.systemDefault()).toOffsetDateTime();
        }
        if (value instanceof java.sql.Date) {
            return ((java.sql.Date) value).toLocalDate();
        }
        if (value instanceof java.sql.Time) {
            return ((java.sql.Time) value).toLocalTime();
        }
        if (value instanceof Date) {
            return ((Date) value).toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime();
        }
        if (value instanceof Instant) {
            return OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime) {
            return ((ZonedDateTime) value).toOffsetDateTime();
        }
        return value;
    }
}
