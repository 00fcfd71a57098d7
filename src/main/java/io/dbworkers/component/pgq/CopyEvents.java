package io.dbworkers.component.pgq;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;

import org.postgresql.copy.CopyOut;

/**
 * Decodes the events of {@code COPY (<pgq.batch_event_sql>) TO STDOUT (FORMAT binary)} straight from pgjdbc's CopyData
 * messages: no result set, no row or field objects, each text column one {@code String} made from its UTF-8 bytes (a
 * value equal to the previous event's, as ev_type and the table in ev_extra1 mostly are, is that same {@code String}
 * again; ev_data and ev_extra2, which mostly differ, are not compared). The server sends one message per row (the
 * file header in front of the first), but a row split over messages is read too.
 */
final class CopyEvents {

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int COLUMNS = 10;
    /** PostgreSQL's timestamps count microseconds from 2000-01-01 UTC. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final CopyOut copy;
    private final String[] previous = new String[COLUMNS];
    private byte[] buf = new byte[0];
    private int pos;
    private boolean headerRead;
    private boolean ended;

    CopyEvents(CopyOut copy) {
        this.copy = copy;
    }

    /** The next event, or null after the last one. */
    PgqEvent next() throws SQLException {
        if (ended) {
            return null;
        }
        if (!headerRead) {
            readHeader();
        }
        short fields = (short) int16();
        if (fields == -1) {
            ended = true;
            while (copy.isActive()) {
                copy.readFromCopy(); // the end of the COPY: its command tag, then ready for the next statement
            }
            return null;
        }
        if (fields != COLUMNS) {
            throw new SQLException("pgq: a batch's event row has " + fields + " columns, expected " + COLUMNS);
        }
        long id = int64Column();
        Instant time = timeColumn();
        long txid = int64Column();
        int retry = int32Column();
        return new PgqEvent(id, time, txid, retry, text(4, true), text(5, false), text(6, true), text(7, false),
                text(8, true), text(9, true));
    }

    private void readHeader() throws SQLException {
        need(SIGNATURE.length + 8);
        if (!Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new SQLException("pgq: the batch's COPY is not in PostgreSQL's binary format");
        }
        pos += SIGNATURE.length + 4; // the flags: none defined that matter here
        int extension = int32();
        need(extension);
        pos += extension;
        headerRead = true;
    }

    private long int64Column() throws SQLException {
        if (int32() != 8) {
            throw new SQLException("pgq: ev_id or ev_txid is null or not a bigint");
        }
        return int64();
    }

    private int int32Column() throws SQLException {
        int length = int32();
        if (length == -1) {
            return 0; // ev_retry is null until the event is retried
        }
        if (length != 4) {
            throw new SQLException("pgq: ev_retry is not an integer");
        }
        return int32();
    }

    private Instant timeColumn() throws SQLException {
        int length = int32();
        if (length == -1) {
            return null;
        }
        if (length != 8) {
            throw new SQLException("pgq: ev_time is not a timestamptz");
        }
        long micros = int64();
        if (micros == Long.MAX_VALUE) {
            return Instant.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return Instant.MIN;
        }
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** A text column; with repeats, the previous event's String when the value is the same. */
    private String text(int column, boolean repeats) throws SQLException {
        int length = int32();
        if (length == -1) {
            return null;
        }
        need(length);
        String last = previous[column];
        if (repeats && last != null && last.length() == length && sameAscii(last, length)) {
            pos += length;
            return last;
        }
        String value = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        if (repeats) {
            previous[column] = value;
        }
        return value;
    }

    /** Whether the bytes at pos are the previous value's (compared as ASCII: a non-ASCII byte never matches). */
    private boolean sameAscii(String last, int length) {
        for (int i = 0; i < length; i++) {
            if (buf[pos + i] != last.charAt(i) || buf[pos + i] < 0) {
                return false;
            }
        }
        return true;
    }

    private int int16() throws SQLException {
        need(2);
        int value = (buf[pos] & 0xff) << 8 | buf[pos + 1] & 0xff;
        pos += 2;
        return value;
    }

    private int int32() throws SQLException {
        need(4);
        int value = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                    | buf[pos + 3] & 0xff;
        pos += 4;
        return value;
    }

    private long int64() throws SQLException {
        long high = int32() & 0xffffffffL;
        return high << 32 | int32() & 0xffffffffL;
    }

    /** Makes sure n bytes are at pos, reading the next message(s) when the current one is used up. */
    private void need(int n) throws SQLException {
        while (buf.length - pos < n) {
            byte[] message = copy.readFromCopy();
            if (message == null) {
                throw new SQLException("pgq: the batch's COPY ended in the middle of a row");
            }
            if (pos == buf.length) {
                buf = message;
            } else {
                byte[] joined = Arrays.copyOf(Arrays.copyOfRange(buf, pos, buf.length), buf.length - pos
                                                                                        + message.length);
                System.arraycopy(message, 0, joined, buf.length - pos, message.length);
                buf = joined;
            }
            pos = 0;
        }
    }
}
