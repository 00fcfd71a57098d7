package io.dbworkers.component.dbpoll;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Writes the source position of a polled change, {@code timestamp|[key, …]}: the timestamp's {@code toString()} and
 * the key values as a list's {@code toString()}. Every polled row needs one, so the digits of a {@link LocalDateTime}
 * or {@link OffsetDateTime} (years 1000 to 9999) and of integer keys go straight into a reused buffer, and the only
 * object made per row is the string itself; the JDK's {@code toString} builds several intermediate strings per call.
 * One instance per thread: the buffer is reused.
 */
final class PositionText {

    /** {@code yyyy-mm-ddT} */
    private static final int DATE_PART = 11;

    private char[] buf = new char[64];
    private int length;
    private LocalDate lastDate;
    private final char[] datePart = new char[DATE_PART];

    /** The position of a row whose cursor values are {@code timestamp} and the values at {@code keyIndexes}. */
    String of(Object timestamp, Object[] row, int[] keyIndexes) {
        length = 0;
        value(timestamp);
        text("|[");
        for (int i = 0; i < keyIndexes.length; i++) {
            if (i > 0) {
                text(", ");
            }
            value(row[keyIndexes[i]]);
        }
        text("]");
        return new String(buf, 0, length);
    }

    private void value(Object value) {
        if (value instanceof Long l && l >= 0) {
            digits(l);
        } else if (value instanceof Integer n && n >= 0) {
            digits(n);
        } else if (value instanceof LocalDateTime t && t.getYear() >= 1000 && t.getYear() <= 9999) {
            local(t);
        } else if (value instanceof OffsetDateTime t && t.getYear() >= 1000 && t.getYear() <= 9999) {
            local(t.toLocalDateTime());
            text(t.getOffset().getId());
        } else {
            text(String.valueOf(value));
        }
    }

    /**
     * As {@code LocalDate.toString() + 'T' + LocalTime.toString()}: seconds and fractions only when not zero. The date
     * part is kept from the row before while it is the same day.
     */
    private void local(LocalDateTime t) {
        room(32);
        LocalDate date = t.toLocalDate();
        if (!date.equals(lastDate)) {
            int start = length;
            digits(t.getYear(), 4);
            buf[length++] = '-';
            digits(t.getMonthValue(), 2);
            buf[length++] = '-';
            digits(t.getDayOfMonth(), 2);
            buf[length++] = 'T';
            System.arraycopy(buf, start, datePart, 0, DATE_PART);
            lastDate = date;
        } else {
            System.arraycopy(datePart, 0, buf, length, DATE_PART);
            length += DATE_PART;
        }
        digits(t.getHour(), 2);
        buf[length++] = ':';
        digits(t.getMinute(), 2);
        int second = t.getSecond();
        int nano = t.getNano();
        if (second > 0 || nano > 0) {
            buf[length++] = ':';
            digits(second, 2);
            if (nano > 0) {
                buf[length++] = '.';
                if (nano % 1_000_000 == 0) {
                    digits(nano / 1_000_000, 3);
                } else if (nano % 1000 == 0) {
                    digits(nano / 1000, 6);
                } else {
                    digits(nano, 9);
                }
            }
        }
    }

    /** {@code value} (not negative) zero-padded to {@code width} digits; the caller made room. */
    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    /** {@code value} (not negative) in as many digits as it has. */
    private void digits(long value) {
        int width = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            width++;
        }
        room(width);
        for (int i = length + width - 1; i >= length; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void text(String s) {
        room(s.length());
        s.getChars(0, s.length(), buf, length);
        length += s.length();
    }

    private void room(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
