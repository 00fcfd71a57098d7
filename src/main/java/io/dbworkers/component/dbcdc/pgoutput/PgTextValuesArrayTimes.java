package io.dbworkers.component.dbcdc.pgoutput;

import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.SimpleTimeZone;
import java.util.TimeZone;

/**
 * Date and time elements of arrays, which Debezium reads through pgjdbc's PgArray as java.sql values: a lenient
 * Julian/Gregorian calendar in the JVM's time zone (so dates before 1582-10-15 move), time to the millisecond,
 * time with time zone to the second, and the era dropped where Debezium reads fields back. Reproduced with the same
 * java.sql conversions, so the values match whatever the JVM's zone; arrays of these types are rare.
 */
final class PgTextValuesArrayTimes {

    private PgTextValuesArrayTimes() {
    }

    static LocalDate date(String text) {
        LocalDate date = PgTextValuesTimes.date(text);
        Calendar calendar = calendar(TimeZone.getDefault(), date, LocalTime.MIDNIGHT);
        return new java.sql.Date(calendar.getTimeInMillis()).toLocalDate();
    }

    static LocalTime time(String text) {
        LocalTime time = PgTextValuesTimes.time(text);
        return time.withNano(time.getNano() / 1_000_000 * 1_000_000);
    }

    static OffsetTime timetz(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        LocalTime time = PgTextValuesTimes.time(text.substring(0, sign));
        int offset = 0;
        for (int i = sign + 1, unit = 3600; i + 1 < text.length(); i += 3, unit /= 60) {
            offset += Integer.parseInt(text, i, i + 2, 10) * unit;
        }
        offset = text.charAt(sign) == '-' ? -offset : offset;
        // pgjdbc's Time: that clock time at the offset on 1970-01-01; Debezium reads its hours to seconds back
        LocalTime local = new Time(time.toNanoOfDay() / 1_000_000 - offset * 1000L).toLocalTime();
        ZonedDateTime zoned = ZonedDateTime.of(LocalDate.now(), local, ZoneId.systemDefault());
        zoned = zoned.plus(ZoneId.systemDefault().getRules().getDaylightSavings(zoned.toInstant()));
        return OffsetTime.of(zoned.withZoneSameInstant(ZoneOffset.UTC).toLocalTime(), ZoneOffset.UTC);
    }

    static LocalDateTime timestamp(String text) {
        LocalDateTime value = PgTextValuesTimes.timestamp(text);
        Timestamp timestamp = timestamp(TimeZone.getDefault(), value);
        return LocalDateTime.ofInstant(timestamp.toInstant(), ZoneId.systemDefault());
    }

    static OffsetDateTime timestamptz(String text) {
        OffsetDateTime utc = PgTextValuesTimes.timestamptz(text);
        Timestamp timestamp = timestamp(new SimpleTimeZone(0, "UTC"), utc.toLocalDateTime());
        LocalDateTime fields = timestamp.toLocalDateTime();
        return OffsetDateTime.of(ZonedDateTime.of(fields, ZoneId.systemDefault())
                .withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime(), ZoneOffset.UTC);
    }

    private static Timestamp timestamp(TimeZone zone, LocalDateTime value) {
        Timestamp timestamp = new Timestamp(calendar(zone, value.toLocalDate(), value.toLocalTime()).getTimeInMillis());
        timestamp.setNanos(value.getNano());
        return timestamp;
    }

    /** The calendar pgjdbc's TimestampUtils fills from the parsed fields. */
    private static Calendar calendar(TimeZone zone, LocalDate date, LocalTime time) {
        GregorianCalendar calendar = new GregorianCalendar(zone);
        int year = date.getYear();
        calendar.set(Calendar.ERA, year > 0 ? GregorianCalendar.AD : GregorianCalendar.BC);
        calendar.set(Calendar.YEAR, year > 0 ? year : 1 - year);
        calendar.set(Calendar.MONTH, date.getMonthValue() - 1);
        calendar.set(Calendar.DAY_OF_MONTH, date.getDayOfMonth());
        calendar.set(Calendar.HOUR_OF_DAY, time.getHour());
        calendar.set(Calendar.MINUTE, time.getMinute());
        calendar.set(Calendar.SECOND, time.getSecond());
        calendar.set(Calendar.MILLISECOND, 0);
        return calendar;
    }
}
