package io.dbworkers.component.dbsync;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;

/**
 * PostgreSQL to PostgreSQL with the same column types into a truncated target: {@code COPY (SELECT ... ORDER BY key)
 * TO STDOUT} at the source, its rows passed unchanged to {@code COPY ... FROM STDIN} at the target, a transaction per
 * chunk; in the binary format when {@link CopyBinary} can carry the table, else in text. The source is read by
 * {@link Prefetch}, a chunk ahead of the target's COPY. A chunk the target refuses (a constraint of its own) is
 * decoded and written by {@link ChunkWriter}, which bisects it and dead-letters the bad rows; so is the first chunk
 * after a resume, by upsert.
 */
final class CopyPump {

    private static final int SEND_BUFFER = 256 * 1024;

    private final SyncTable table;
    private final SyncSpec spec;
    private final FullSync.Chunks chunks;
    private final ChunkWriter fallback;
    private final boolean binary;

    CopyPump(SyncTable table, SyncSpec spec, FullSync.Chunks chunks, ChunkWriter fallback) {
        this.table = table;
        this.spec = spec;
        this.chunks = chunks;
        this.fallback = fallback;
        this.binary = CopyBinary.fits(table);
    }

    void run(Connection src, Connection tgt, List<String> after, SyncResult result) throws Exception {
        CopyManager in = tgt.unwrap(PGConnection.class).getCopyAPI();
        String format = binary ? " (FORMAT binary)" : "";
        String into = "COPY " + table.target.quoted() + " (" + table.quotedTargetColumns() + ") FROM STDIN" + format;
        String from = "COPY (" + select(after) + ") TO STDOUT" + format;
        boolean first = after != null;
        try (Prefetch<byte[]> source = Prefetch.start("db-sync-copy-out", sink -> read(src, from, sink),
                () -> src.unwrap(BaseConnection.class).cancelQuery())) {
            List<byte[]> chunk;
            while ((chunk = source.take()) != null) {
                if (first || !pass(in, into, chunk, tgt, binary)) {
                    writeRows(tgt, fallback, chunk, first, result);
                } else {
                    result.rowsSynced.addAndGet(chunk.size());
                    result.inserted.addAndGet(chunk.size());
                }
                chunks.commit(lastKey(chunk.get(chunk.size() - 1)), chunk.size());
                first = false;
            }
        }
    }

    /** Streams the source's COPY rows into chunks of batchSize rows (on the prefetching thread). */
    private void read(Connection src, String sql, Prefetch.Sink<byte[]> sink) throws Exception {
        CopyOut copyOut = src.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        CopyBinary rows = binary ? new CopyBinary() : null;
        try {
            List<byte[]> chunk = new ArrayList<>(spec.batchSize());
            byte[] line;
            while ((line = copyOut.readFromCopy()) != null) {
                if (binary) {
                    rows.rows(line, chunk);
                } else {
                    chunk.add(line);
                }
                if (chunk.size() >= spec.batchSize()) {
                    sink.put(chunk);
                    chunk = new ArrayList<>(spec.batchSize());
                }
            }
            if (!chunk.isEmpty()) {
                sink.put(chunk);
            }
        } finally {
            if (copyOut.isActive()) {
                copyOut.cancelCopy();
            }
        }
    }

    /** Sends the chunk's lines as they are; false (rolled back) when the target refused a row for its data. */
    private static boolean pass(CopyManager in, String into, List<byte[]> chunk, Connection tgt, boolean binary)
            throws SQLException {
        CopyIn copyIn = in.copyIn(into);
        try {
            if (binary) {
                copyIn.writeToCopy(CopyBinary.HEADER, 0, CopyBinary.HEADER.length);
            }
            // rows gathered into large messages: one CopyData per row costs more than the rows themselves
            byte[] buffer = new byte[SEND_BUFFER];
            int used = 0;
            for (byte[] line : chunk) {
                if (used + line.length > buffer.length) {
                    copyIn.writeToCopy(buffer, 0, used);
                    used = 0;
                }
                if (line.length > buffer.length) {
                    copyIn.writeToCopy(line, 0, line.length);
                } else {
                    System.arraycopy(line, 0, buffer, used, line.length);
                    used += line.length;
                }
            }
            if (used > 0) {
                copyIn.writeToCopy(buffer, 0, used);
            }
            if (binary) {
                copyIn.writeToCopy(CopyBinary.TRAILER, 0, CopyBinary.TRAILER.length);
            }
            copyIn.endCopy();
            return true;
        } catch (SQLException e) {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
            tgt.rollback();
            if (!io.dbworkers.component.dbwrite.RowWriter.isDataError(e)) {
                throw e;
            }
            return false;
        }
    }

    private void writeRows(Connection tgt, ChunkWriter writer, List<byte[]> chunk, boolean idempotent,
            SyncResult result) throws Exception {
        List<List<Object>> rows;
        if (binary) {
            rows = CopyBinary.asText(tgt, table, chunk);
        } else {
            rows = new ArrayList<>(chunk.size());
            for (byte[] line : chunk) {
                rows.add(new ArrayList<>(CopyText.fields(line)));
            }
        }
        writer.write(tgt, rows, idempotent, result);
    }

    private List<String> lastKey(byte[] line) {
        if (binary) {
            return CopyBinary.key(line, table.key, table.sourceColumns);
        }
        List<String> fields = CopyText.fields(line);
        List<String> key = new ArrayList<>();
        for (int k : table.key) {
            key.add(fields.get(k));
        }
        return key;
    }

    private String select(List<String> after) throws SQLException {
        List<String> quotedKey = table.quotedKey(table.source, table.sourceColumns);
        StringBuilder sql = new StringBuilder("SELECT ").append(table.quotedSourceColumns()).append(" FROM ")
                .append(table.source.quoted());
        if (after != null) {
            // COPY takes no parameters: the saved key goes in as a quoted literal, which PostgreSQL casts to the key
            StringBuilder values = new StringBuilder();
            for (String v : after) {
                values.append(values.length() == 0 ? "" : ", ");
                Utils.escapeLiteral(values.append('\''), v, true).append('\'');
            }
            sql.append(" WHERE (").append(String.join(", ", quotedKey)).append(") > (").append(values).append(')');
        }
        return sql.append(" ORDER BY ").append(String.join(", ", quotedKey)).toString();
    }

    /** PostgreSQL's COPY text format read back: tab-separated fields, {@code \N} for NULL, backslash escapes. */
    static final class CopyText {

        private CopyText() {
        }

        static List<String> fields(byte[] line) {
            String text = new String(line, StandardCharsets.UTF_8);
            int end = text.endsWith("\n") ? text.length() - 1 : text.length();
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean isNull = false;
            for (int i = 0; i < end; i++) {
                char c = text.charAt(i);
                if (c == '\t') {
                    fields.add(isNull ? null : field.toString());
                    field.setLength(0);
                    isNull = false;
                } else if (c == '\\' && i + 1 < end) {
                    char e = text.charAt(++i);
                    switch (e) {
                        case 'N' -> isNull = true;
                        case 't' -> field.append('\t');
                        case 'n' -> field.append('\n');
                        case 'r' -> field.append('\r');
                        case 'b' -> field.append('\b');
                        case 'f' -> field.append('\f');
                        case 'v' -> field.append('\u000b');
                        default -> field.append(e);
                    }
                } else {
                    field.append(c);
                }
            }
            fields.add(isNull ? null : field.toString());
            return fields;
        }
    }
}
