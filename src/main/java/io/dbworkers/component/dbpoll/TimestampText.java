package io.dbworkers.component.dbpoll;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Appends a value's {@code toString()} text to a builder, writing the digits of a {@link LocalDateTime} or an
 * {@link OffsetDateTime} of years 1000 to 9999 directly: the change position of every polled row starts with its
 * timestamp, and the JDK's {@code toString} builds several intermediate strings per call.
 */
final class TimestampText {

    private TimestampText() {
    }

    static StringBuilder append(StringBuilder out, Object value) {
        if (value instanceof LocalDateTime t && t.getYear() >= 1000 && t.getYear() <= 9999) {
            return local(out, t);
        }
        if (value instanceof OffsetDateTime t && t.getYear() >= 1000 && t.getYear() <= 9999) {
            return local(out, t.toLocalDateTime()).append(t.getOffset().getId());
        }
        return out.append(value);
    }

    /** As {@code LocalDate.toString() + 'T' + LocalTime.toString()}: seconds and fractions only when not zero. */
    private static StringBuilder local(StringBuilder out, LocalDateTime t) {
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2);
        int second = t.getSecond();
        int nano = t.getNano();
        if (second > 0 || nano > 0) {
            digits(out.append(':'), second, 2);
            if (nano > 0) {
                out.append('.');
                if (nano % 1_000_000 == 0) {
                    digits(out, nano / 1_000_000, 3);
                } else if (nano % 1000 == 0) {
                    digits(out, nano / 1000, 6);
                } else {
                    digits(out, nano, 9);
                }
            }
        }
        return out;
    }

    /** {@code value} (not negative) zero-padded to {@code width} digits. */
    private static StringBuilder digits(StringBuilder out, int value, int width) {
        int start = out.length();
        out.setLength(start + width);
        for (int i = start + width - 1; i >= start; i--) {
            out.setCharAt(i, (char) ('0' + value % 10));
            value /= 10;
        }
        return out;
    }
}
