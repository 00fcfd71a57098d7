package io.dbworkers.writer;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;

/**
 * The timestamps the Python writer service accepted: a port of CPython's {@code datetime.fromisoformat} (3.11 to
 * 3.13, its C implementation), so that exactly the same texts are accepted. That is: a date {@code 2024-06-01},
 * {@code 20240601}, {@code 2024-W22-6} or {@code 2024W226}, optionally followed by any one character and a time
 * {@code HH[:MM[:SS]]} or {@code HH[MM[SS]]} with a fraction ({@code .} or {@code ,}, any number of digits, cut to
 * microseconds) and an offset {@code Z}, {@code ±HH[:MM[:SS[.ffffff]]]} of less than 24 hours. Without an offset
 * the time is taken as UTC, as the service did. Texts longer than {@value #MAX_LENGTH} characters are refused before
 * anything else, and the parse reads each character at most twice.
 */
final class IsoTimestamp {

    static final int MAX_LENGTH = 100;
    private static final int[] FRACTION_CORRECTION = {100000, 10000, 1000, 100, 10};
    private static final int DAY_SECONDS = 86_400;

    /**
     * @param time      the instant, at UTC when the text had no offset
     * @param readAsIs  whether PostgreSQL reads the text itself as the same instant (an RFC 3339 form with an offset
     *                  and at most microseconds), so that it can be handed over unchanged
     */
    record Parsed(OffsetDateTime time, boolean readAsIs) {
    }

    private final String text;
    private final int end;

    private IsoTimestamp(String text, int end) {
        this.text = text;
        this.end = end;
    }

    /** The parsed timestamp, or null when Python's {@code fromisoformat} would have refused the text. */
    static Parsed parse(String text) {
        if (text.length() < 7 || text.length() > MAX_LENGTH) {
            return null;
        }
        try {
            return new IsoTimestamp(text, text.length()).parse();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private Parsed parse() {
        int separator = separatorLocation();
        if (separator < 0) {
            return null;
        }
        LocalDate date = date(separator);
        if (date == null) {
            return null;
        }
        if (separator >= end) {
            return new Parsed(date.atStartOfDay().atOffset(ZoneOffset.UTC), false);
        }
        // any one character separates date and time, even one outside the BMP (two chars in Java)
        int timeStart = separator + (Character.isHighSurrogate(text.charAt(separator)) && separator + 1 < end
                && Character.isLowSurrogate(text.charAt(separator + 1)) ? 2 : 1);
        return time(date, timeStart, text.charAt(separator));
    }

    /** _find_isoformat_datetime_separator: where the date ends; -1 if nowhere. */
    private int separatorLocation() {
        if (end == 7) {
            return 7;
        }
        if (text.charAt(4) == '-') {
            if (text.charAt(5) != 'W') {
                return 10;
            }
            if (end > 8 && text.charAt(8) == '-') {
                if (end == 9) {
                    return -1;
                }
                return end > 10 && isDigit(10) ? 8 : 10;
            }
            return 8;
        }
        if (text.charAt(4) != 'W') {
            return 8;
        }
        int index = 7;
        while (index < end && isDigit(index)) {
            index++;
        }
        if (index < 9) {
            return index;
        }
        return index % 2 == 0 ? 7 : 8;
    }

    /** parse_isoformat_date over text[0, length): YYYY-MM-DD, YYYYMMDD, YYYY-Www[-D], YYYYWww[D]. */
    private LocalDate date(int length) {
        if (length > end) {
            return null;
        }
        int year = digits(0, 4);
        if (year < 0) {
            return null;
        }
        int p = 4;
        boolean dashes = charAt(p) == '-';
        if (dashes) {
            p++;
        }
        if (charAt(p) == 'W') {
            int week = digits(p + 1, 2);
            if (week < 0) {
                return null;
            }
            p += 3;
            int day = 1;
            if (p < length) {
                if (dashes && charAt(p++) != '-') {
                    return null;
                }
                day = digits(p, 1);
                if (day < 0) {
                    return null;
                }
            }
            return weekDate(year, week, day);
        }
        int month = digits(p, 2);
        if (month < 0) {
            return null;
        }
        p += 2;
        if (dashes && charAt(p++) != '-') {
            return null;
        }
        int day = digits(p, 2);
        if (day < 0 || year < 1) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    private static LocalDate weekDate(int year, int week, int day) {
        LocalDate fourthOfJanuary = LocalDate.of(year, 1, 4);
        long weeks = IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(fourthOfJanuary).getMaximum();
        if (week < 1 || week > weeks || day < 1 || day > 7) {
            return null;
        }
        LocalDate date = fourthOfJanuary.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.of(day));
        return date.getYear() < 1 || date.getYear() > 9999 ? null : date;
    }

    /** parse_isoformat_time from {@code start}: the clock, then maybe an offset. */
    private Parsed time(LocalDate date, int start, char separator) {
        int zone = start;
        while (zone < end && charAt(zone) != 'Z' && charAt(zone) != '+' && charAt(zone) != '-') {
            zone++;
        }
        int[] clock = new int[4];
        int rv = clock(start, zone, clock);
        if (rv < 0 || (zone == end && rv == 1)) {
            return null;
        }
        LocalDateTime local = date.atTime(clock[0], clock[1], clock[2], clock[3] * 1000);
        if (zone == end) {
            return new Parsed(local.atOffset(ZoneOffset.UTC), false);
        }
        long offsetMicros;
        int[] offset = new int[4];
        if (charAt(zone) == 'Z') {
            if (zone + 1 != end) {
                return null;
            }
            offsetMicros = 0;
        } else {
            if (clock(zone + 1, end, offset) != 0) {
                return null;
            }
            long seconds = offset[0] * 3600L + offset[1] * 60L + offset[2];
            // as CPython: an offset of zero seconds is UTC, whatever its fraction
            offsetMicros = seconds == 0 ? 0 : (seconds * 1_000_000L + offset[3]) * (charAt(zone) == '-' ? -1 : 1);
            if (Math.abs(offsetMicros) >= DAY_SECONDS * 1_000_000L) {
                return null;
            }
        }
        OffsetDateTime utc = local.minusNanos(offsetMicros * 1000).atOffset(ZoneOffset.UTC);
        // PostgreSQL takes offsets up to 15:59 with minutes below 60; Python more
        boolean postgresOffset = offset[0] <= 15 && offset[1] <= 59;
        return new Parsed(utc, postgresOffset && readAsIs(start, zone, separator));
    }

    /**
     * parse_hh_mm_ss_ff over [start, stop): {hour, minute, second, microsecond} into {@code out}; 0 when it ended at
     * the end of the text, 1 when something follows, -1 when malformed.
     */
    private int clock(int start, int stop, int[] out) {
        int p = start;
        boolean colons = true;
        int fields = 0;
        for (; fields < 3; fields++) {
            out[fields] = digits(p, 2);
            if (out[fields] < 0) {
                return -1;
            }
            p += 2;
            char c = charAt(p++);
            if (fields == 0) {
                colons = c == ':';
            }
            if (p >= stop) {
                return c != 0 ? 1 : 0;
            } else if (colons && c == ':') {
                continue;
            } else if (c == '.' || c == ',') {
                break;
            } else if (!colons) {
                p--;
            } else {
                return -1;
            }
        }
        int length = Math.min(stop - p, 6);
        int micros = length == 0 ? 0 : digits(p, length);
        if (micros < 0) {
            return -1;
        }
        out[3] = length < 6 && length > 0 ? micros * FRACTION_CORRECTION[length - 1] : micros;
        p += length;
        while (p < end && isDigit(p)) {
            p++;
        }
        return p < end ? 1 : 0;
    }

    /** YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}](Z|±HH:MM): PostgreSQL's input gives the same instant. */
    private boolean readAsIs(int start, int zone, char separator) {
        if ((separator != 'T' && separator != ' ') || start != 11 || text.charAt(4) != '-') {
            return false;
        }
        int clockLength = zone - start;
        boolean fraction = clockLength >= 10 && clockLength <= 15 && text.charAt(19) == '.';
        boolean clock = (clockLength == 8 || fraction) && text.charAt(13) == ':' && text.charAt(16) == ':';
        int offsetLength = end - zone;
        boolean offset = offsetLength == 1 || (offsetLength == 6 && text.charAt(zone + 3) == ':');
        return clock && offset;
    }

    /** The number of {@code count} ASCII digits at {@code from}, or -1. */
    private int digits(int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (!isDigit(i)) {
                return -1;
            }
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private boolean isDigit(int index) {
        char c = charAt(index);
        return c >= '0' && c <= '9';
    }

    /** The character, or 0 past the end, as C reads a terminated string. */
    private char charAt(int index) {
        return index < end ? text.charAt(index) : 0;
    }
}
