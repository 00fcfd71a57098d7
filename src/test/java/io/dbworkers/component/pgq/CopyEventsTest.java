package io.dbworkers.component.pgq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyOut;

/** The binary COPY of a batch's events as PostgreSQL sends it, cut into messages in every way a stream may be. */
class CopyEventsTest {

    private static final Instant TIME = Instant.parse("2026-12-07T00:15:01.123456Z");

    @Test
    void readsEveryColumnAsTheCursorDid() throws Exception {
        byte[] stream = stream(row(1, TIME, 900, null, "I:id", "id=1&name=J%C3%BCrgen", "public.users", null,
                null, "x"), row(2, null, 901, 3, "I:id", "id=2", "public.users", "old", "e3", null));
        List<PgqEvent> events = read(stream, 1 << 20);
        assertThat(events).containsExactly(
                new PgqEvent(1, TIME, 900, 0, "I:id", "id=1&name=J%C3%BCrgen", "public.users", null, null, "x"),
                new PgqEvent(2, null, 901, 3, "I:id", "id=2", "public.users", "old", "e3", null));
        assertThat(events.get(1).type()).isSameAs(events.get(0).type());
    }

    @Test
    void readsRowsSplitOverMessagesAnywhere() throws Exception {
        byte[] stream = stream(row(7, TIME, 1, null, "t", "a=1", null, null, null, null),
                row(8, TIME, 1, null, "t", "ünïcode=ä", null, null, null, null));
        List<PgqEvent> whole = read(stream, 1 << 20);
        for (int size = 1; size < stream.length; size++) {
            assertThat(read(stream, size)).as("messages of %d bytes", size).isEqualTo(whole);
        }
        assertThat(whole).extracting(PgqEvent::data).containsExactly("a=1", "ünïcode=ä");
    }

    @Test
    void anEmptyBatchHasNoEvents() throws Exception {
        assertThat(read(stream(), 1 << 20)).isEmpty();
    }

    @Test
    void aStreamCutShortIsAnError() {
        byte[] stream = stream(row(7, TIME, 1, null, "t", "a=1", null, null, null, null));
        byte[] cut = Arrays.copyOf(stream, stream.length - 8);
        assertThatThrownBy(() -> read(cut, 1 << 20)).isInstanceOf(SQLException.class)
                .hasMessageContaining("ended in the middle of a row");
    }

    private static List<PgqEvent> read(byte[] stream, int messageSize) throws SQLException {
        Deque<byte[]> messages = new ArrayDeque<>();
        for (int i = 0; i < stream.length; i += messageSize) {
            messages.add(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + messageSize)));
        }
        CopyEvents events = new CopyEvents(new Messages(messages));
        List<PgqEvent> read = new ArrayList<>();
        for (PgqEvent e = events.next(); e != null; e = events.next()) {
            read.add(e);
        }
        assertThat(messages).isEmpty();
        return read;
    }

    private static byte[] stream(byte[]... rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
        for (byte[] row : rows) {
            out.writeBytes(row);
        }
        out.writeBytes(new byte[] {-1, -1});
        return out.toByteArray();
    }

    private static byte[] row(long id, Instant time, long txid, Integer retry, String... texts) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(10);
            out.writeInt(8);
            out.writeLong(id);
            if (time == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(8);
                out.writeLong((time.getEpochSecond() - 946_684_800L) * 1_000_000L + time.getNano() / 1_000);
            }
            out.writeInt(8);
            out.writeLong(txid);
            if (retry == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(4);
                out.writeInt(retry);
            }
            for (String text : texts) {
                if (text == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** pgjdbc's CopyOut as CopyEvents uses it: CopyData messages, then null once the COPY is over. */
    private record Messages(Deque<byte[]> messages) implements CopyOut {

        @Override
        public byte[] readFromCopy() {
            return messages.poll();
        }

        @Override
        public byte[] readFromCopy(boolean block) {
            return readFromCopy();
        }

        @Override
        public boolean isActive() {
            return !messages.isEmpty();
        }

        @Override
        public int getFieldCount() {
            return 10;
        }

        @Override
        public int getFormat() {
            return 1;
        }

        @Override
        public int getFieldFormat(int field) {
            return 1;
        }

        @Override
        public void cancelCopy() {
            messages.clear();
        }

        @Override
        public long getHandledRowCount() {
            return 0;
        }
    }
}
