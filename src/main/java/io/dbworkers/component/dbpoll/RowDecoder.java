package io.dbworkers.component.dbpoll;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.postgresql.PGConnection;
import org.postgresql.PGResultSetMetaData;

/**
 * Reads the rows of one result set as {@link ColumnValues#read} does, with two shortcuts for PostgreSQL's binary
 * results, where most of a polled row's decoding time goes: a {@code timestamp} is built from its microseconds with
 * the date of the row before reused when it is the same day (as it mostly is in a page ordered by that timestamp), and
 * a {@code numeric} of up to 16 significant digits is built from a {@code long}. Both give values equal to the
 * driver's ({@code LocalDateTime.MAX}/{@code MIN} for infinities, a {@code BigDecimal} of the column's scale); any
 * other value (NaN, larger numbers) is left to the driver.
 */
final class RowDecoder {

    /** seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01 */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private static final int BINARY_TIMESTAMP = -1;
    private static final int BINARY_NUMERIC = -2;

    private final int[] readers;
    private long lastDay = Long.MIN_VALUE;
    private LocalDate lastDate;

    /** A decoder for the result set's rows, whose columns are read with {@code readers} ({@link ColumnValues}). */
    RowDecoder(ResultSet rs, int[] readers) throws SQLException {
        this.readers = readers.clone();
        ResultSetMetaData meta = rs.getMetaData();
        if (!meta.isWrapperFor(PGResultSetMetaData.class)) {
            return;
        }
        PGResultSetMetaData pg = meta.unwrap(PGResultSetMetaData.class);
        // PostgreSQL 10 and later always send timestamps as integer microseconds; older servers could use doubles
        boolean integerTimes = "on".equals(rs.getStatement().getConnection().unwrap(PGConnection.class)
                .getParameterStatus("integer_datetimes"));
        for (int c = 0; c < this.readers.length; c++) {
            int column = c + 1;
            if (pg.getFormat(column) != 1) {
                continue;
            }
            String type = meta.getColumnTypeName(column);
            if (integerTimes && "timestamp".equals(type)) {
                this.readers[c] = BINARY_TIMESTAMP;
            } else if ("numeric".equals(type)) {
                this.readers[c] = BINARY_NUMERIC;
            }
        }
    }

    /** The current row's values, in column order. */
    Object[] values(ResultSet rs) throws SQLException {
        Object[] values = new Object[readers.length];
        for (int c = 0; c < readers.length; c++) {
            int reader = readers[c];
            if (reader == BINARY_TIMESTAMP) {
                values[c] = timestamp(rs.getBytes(c + 1));
            } else if (reader == BINARY_NUMERIC) {
                byte[] bytes = rs.getBytes(c + 1);
                BigDecimal value = bytes == null ? null : numeric(bytes);
                values[c] = value != null || bytes == null ? value : rs.getBigDecimal(c + 1);
            } else {
                values[c] = ColumnValues.read(rs, c + 1, reader);
            }
        }
        return values;
    }

    /** A binary {@code timestamp}: microseconds since 2000-01-01, as the driver's {@code LocalDateTime}. */
    LocalDateTime timestamp(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        long micros = int8(bytes);
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        long seconds = Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS;
        long nanoOfSecond = Math.floorMod(micros, 1_000_000L) * 1000L;
        long day = Math.floorDiv(seconds, 86_400L);
        long secondOfDay = Math.floorMod(seconds, 86_400L);
        if (day != lastDay) {
            lastDate = LocalDate.ofEpochDay(day);
            lastDay = day;
        }
        return LocalDateTime.of(lastDate, LocalTime.ofNanoOfDay(secondOfDay * 1_000_000_000L + nanoOfSecond));
    }

    /**
     * A binary {@code numeric} (digit count, weight, sign, display scale, then base-10000 digits) as a
     * {@code BigDecimal} of the display scale, or null when it is not a finite number of up to four base-10000 digits
     * whose unscaled value fits a {@code long}.
     */
    static BigDecimal numeric(byte[] bytes) {
        int digits = int2(bytes, 0);
        int weight = int2(bytes, 2);
        int sign = int2(bytes, 4) & 0xFFFF;
        int scale = int2(bytes, 6);
        if ((sign != 0 && sign != 0x4000) || digits > 4 || digits < 0 || scale < 0
                || bytes.length != 8 + 2 * digits) {
            return null;
        }
        if (digits == 0) {
            return BigDecimal.valueOf(0, scale);
        }
        long unscaled = 0;
        for (int i = 0; i < digits; i++) {
            unscaled = unscaled * 10_000 + int2(bytes, 8 + 2 * i);
        }
        // the digits read are worth unscaled * 10^(4 * (weight - digits + 1)); the result has `scale` decimals
        int exponent = 4 * (weight - digits + 1) + scale;
        if (exponent >= 0) {
            if (exponent >= POWERS_OF_TEN.length || unscaled > Long.MAX_VALUE / POWERS_OF_TEN[exponent]) {
                return null;
            }
            unscaled *= POWERS_OF_TEN[exponent];
        } else {
            if (-exponent >= POWERS_OF_TEN.length || unscaled % POWERS_OF_TEN[-exponent] != 0) {
                return null;
            }
            unscaled /= POWERS_OF_TEN[-exponent];
        }
        return BigDecimal.valueOf(sign == 0 ? unscaled : -unscaled, scale);
    }

    private static long int8(byte[] b) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (b[i] & 0xFF);
        }
        return value;
    }

    private static int int2(byte[] b, int at) {
        return (short) (((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF));
    }
}
