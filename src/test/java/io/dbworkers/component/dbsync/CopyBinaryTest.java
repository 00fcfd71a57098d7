package io.dbworkers.component.dbsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;

class CopyBinaryTest {

    private static final UUID U = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    @Test
    void splitsTheServersMessagesIntoRowsAndStopsAtTheTrailer() throws Exception {
        byte[] first = row(-7L, "ab", U);
        byte[] second = row(42L, "\t\\ä€", null);
        CopyBinary reader = new CopyBinary();
        List<byte[]> rows = new ArrayList<>();
        reader.rows(concat(CopyBinary.HEADER, first), rows);
        reader.rows(second, rows);
        reader.rows(CopyBinary.TRAILER, rows);
        assertThat(rows).containsExactly(first, second);
    }

    @Test
    void readsTheKeyAsTheTextFormatSpellsIt() {
        List<PortableType.Column> columns = List.of(column(Kind.BIGINT), column(Kind.TEXT), column(Kind.UUID));
        assertThat(CopyBinary.key(row(-7L, "ab", U), new int[] {0}, columns)).containsExactly("-7");
        assertThat(CopyBinary.key(row(-7L, "ab", U), new int[] {2, 1}, columns))
                .containsExactly(U.toString(), "ab");
        assertThat(CopyBinary.key(row(1L, "\t\\ä€", U), new int[] {1}, columns)).containsExactly("\t\\ä€");
    }

    private static PortableType.Column column(Kind kind) {
        return new PortableType.Column(kind.name(), new PortableType(kind, 0, 0, 0, kind.name()), false);
    }

    /** A row as COPY ... (FORMAT binary) sends it: bigint, text, uuid (null when u is). */
    private static byte[] row(long id, String text, UUID u) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 8 + 4 + t.length + 4 + (u == null ? 0 : 16));
        b.putShort((short) 3).putInt(8).putLong(id).putInt(t.length).put(t);
        if (u == null) {
            b.putInt(-1);
        } else {
            b.putInt(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
