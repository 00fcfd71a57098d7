package io.dbworkers.component.dbcdc.pgoutput;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

import org.postgresql.util.PGInterval;

/**
 * Dates and times in PostgreSQL's ISO output ({@code 2024-02-29 13:45:56.123456+05:30}, {@code 0044-03-15 BC}),
 * read by position rather than by a formatter: the shape is fixed and this is the reader's hot path. Values with a
 * time zone come back at UTC, as Debezium gives them, whatever the session's TimeZone wrote.
 */
final class PgTextValuesTimes {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MAX_MICROS_SECOND = Long.MAX_VALUE / MICROS_PER_SECOND;
    /** Debezium's MicroDuration.DAYS_PER_MONTH_AVG. */
    private static final double DAYS_PER_MONTH_AVG = 365.25 / 12.0d;

    /*
     * What 'infinity' and '-infinity' come out as through Debezium's epoch days (an int) and epoch microseconds.
     * Infinite timestamptz, and time or timetz '24:00:00', make no value on the Debezium path (ChangeConverter fails
     * on them): decode throws for them.
     */
    private static final LocalDate POSITIVE_INFINITY_DATE = LocalDate.parse("-5877611-06-21");
    private static final LocalDate NEGATIVE_INFINITY_DATE = LocalDate.parse("-5877611-06-22");
    private static final LocalDateTime POSITIVE_INFINITY_TIMESTAMP = LocalDateTime.parse("+294247-01-10T04:00:25.2");
    private static final LocalDateTime NEGATIVE_INFINITY_TIMESTAMP = LocalDateTime.parse("-290308-12-21T19:59:27.6");

    private PgTextValuesTimes() {
    }

    static LocalDate date(String text) {
        if (text.endsWith("infinity")) {
            return text.charAt(0) == '-' ? NEGATIVE_INFINITY_DATE : POSITIVE_INFINITY_DATE;
        }
        Cursor c = new Cursor(text);
        LocalDate date = c.date();
        return c.era(date);
    }

    static LocalTime time(String text) {
        Cursor c = new Cursor(text);
        LocalTime time = c.time();
        c.end();
        return time;
    }

    static OffsetTime timetz(String text) {
        Cursor c = new Cursor(text);
        LocalTime time = c.time();
        int offset = c.offset();
        c.end();
        long nanos = Math.floorMod(time.toNanoOfDay() - offset * 1_000_000_000L, 86_400_000_000_000L);
        return OffsetTime.of(LocalTime.ofNanoOfDay(nanos), ZoneOffset.UTC);
    }

    static LocalDateTime timestamp(String text) {
        if (text.endsWith("infinity")) {
            return text.charAt(0) == '-' ? NEGATIVE_INFINITY_TIMESTAMP : POSITIVE_INFINITY_TIMESTAMP;
        }
        Cursor c = new Cursor(text);
        LocalDate date = c.date();
        c.expect(' ');
        LocalTime time = c.time();
        LocalDateTime value = LocalDateTime.of(c.era(date), time);
        long seconds = value.toEpochSecond(ZoneOffset.UTC);
        if (seconds > MAX_MICROS_SECOND) {
            // past year 294247 Debezium's epoch microseconds saturate (TimeUnit) and its fraction added wraps
            long micros = Long.MAX_VALUE + value.getNano() / 1000;
            return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                    (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
        }
        return value;
    }

    static OffsetDateTime timestamptz(String text) {
        Cursor c = new Cursor(text);
        LocalDate date = c.date();
        c.expect(' ');
        LocalTime time = c.time();
        int offset = c.offset();
        LocalDateTime local = LocalDateTime.of(c.era(date), time);
        return OffsetDateTime.of(offset == 0 ? local : local.minusSeconds(offset), ZoneOffset.UTC);
    }

    /**
     * Debezium's MicroDuration of pgjdbc's PGInterval: months of 30.4375 days, in double arithmetic, truncated. The
     * parse goes through PGInterval itself: intervals are rare and its rounding of the seconds is what Debezium sees.
     */
    static Long interval(String text) {
        PGInterval interval;
        try {
            interval = new PGInterval(text);
        } catch (java.sql.SQLException e) {
            throw new IllegalArgumentException("'" + text + "' is no interval", e);
        }
        double days = ((interval.getYears() * 12) + interval.getMonths()) * DAYS_PER_MONTH_AVG + interval.getDays();
        double seconds = (((days * 24 + interval.getHours()) * 60) + interval.getMinutes()) * 60 + interval.getSeconds();
        return Long.valueOf((long) (seconds * MICROS_PER_SECOND));
    }

    /** Reads the fixed-shape fields left to right. */
    private static final class Cursor {

        private final String text;
        private final boolean bc;
        private final int end;
        private int pos;

        Cursor(String text) {
            this.text = text;
            this.bc = text.endsWith(" BC");
            this.end = bc ? text.length() - 3 : text.length();
        }

        LocalDate date() {
            int year = number(4, 9);
            if (bc) {
                year = 1 - year;
            }
            expect('-');
            int month = number(2, 2);
            expect('-');
            int day = number(2, 2);
            return LocalDate.of(year, month, day);
        }

        LocalTime time() {
            int hour = number(2, 2);
            expect(':');
            int minute = number(2, 2);
            expect(':');
            int second = number(2, 2);
            int nanos = 0;
            if (pos < end && text.charAt(pos) == '.') {
                pos++;
                int start = pos;
                nanos = number(1, 9);
                for (int digits = pos - start; digits < 9; digits++) {
                    nanos *= 10;
                }
            }
            return LocalTime.of(hour, minute, second, nanos);
        }

        /** A +HH, +HH:MM or +HH:MM:SS offset in seconds. */
        int offset() {
            char sign = pos < end ? text.charAt(pos++) : ' ';
            if (sign != '+' && sign != '-') {
                throw new IllegalArgumentException("'" + text + "' has no UTC offset at " + (pos - 1));
            }
            int seconds = number(2, 2) * 3600;
            if (pos < end && text.charAt(pos) == ':') {
                pos++;
                seconds += number(2, 2) * 60;
                if (pos < end && text.charAt(pos) == ':') {
                    pos++;
                    seconds += number(2, 2);
                }
            }
            return sign == '-' ? -seconds : seconds;
        }

        /** The date, once nothing but its era (year Y " BC" is the proleptic year 1 - Y, read by date()) is left. */
        LocalDate era(LocalDate date) {
            if (pos != end) {
                throw new IllegalArgumentException("'" + text + "' has more than a date and time at " + pos);
            }
            return date;
        }

        void end() {
            if (pos != text.length()) {
                throw new IllegalArgumentException("'" + text + "' has more than a time at " + pos);
            }
        }

        void expect(char c) {
            if (pos >= end || text.charAt(pos) != c) {
                throw new IllegalArgumentException("'" + text + "' has no '" + c + "' at " + pos);
            }
            pos++;
        }

        private int number(int minDigits, int maxDigits) {
            int start = pos;
            int value = 0;
            while (pos < end && pos - start < maxDigits) {
                char c = text.charAt(pos);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                pos++;
            }
            if (pos - start < minDigits) {
                throw new IllegalArgumentException("'" + text + "' has no number at " + start);
            }
            return value;
        }
    }
}
