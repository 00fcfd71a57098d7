package io.dbworkers.component.dbsync;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;

/**
 * PostgreSQL's binary COPY format as {@link CopyPump} uses it. Between two tables of the same column types it carries
 * the same values as the text format, and the target spends about a third less CPU reading it (no parsing of numbers,
 * timestamps or escapes), which is what bounds the copy. Used when every column has a built-in type of a known kind
 * (a value of a custom or array type names its type's OID, which differs between databases) and the key's types are
 * ones whose binary form is read here: integers, text and uuid.
 */
final class CopyBinary {

    /** The header of a binary COPY: signature, flags 0, no header extension. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0,
        0};
    /** The end-of-data mark: a row of -1 fields. */
    static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};
    private static final int SIGNATURE_LENGTH = 11;
    private static final Set<Kind> KEY_KINDS = Set.of(Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT, Kind.VARCHAR,
            Kind.CHAR, Kind.TEXT, Kind.UUID);

    private boolean headerSeen;

    /** Whether the binary format can carry the table's rows (see the class comment). */
    static boolean fits(SyncTable table) {
        for (PortableType.Column c : table.sourceColumns) {
            if (c.type().kind() == Kind.OTHER) {
                return false;
            }
        }
        for (int k : table.key) {
            if (!KEY_KINDS.contains(table.sourceColumns.get(k).type().kind())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the rows of one CopyData message of {@code COPY ... TO STDOUT (FORMAT binary)} to {@code rows}: the server
     * sends a row per message, the header in front of the first one and the trailer in a message of its own.
     */
    void rows(byte[] message, List<byte[]> rows) throws SQLException {
        int at = 0;
        if (!headerSeen) {
            if (message.length < HEADER.length
                    || !Arrays.equals(message, 0, SIGNATURE_LENGTH, HEADER, 0, SIGNATURE_LENGTH)) {
                throw new SQLException("COPY did not start with the binary signature");
            }
            at = HEADER.length + ByteBuffer.wrap(message, HEADER.length - 4, 4).getInt();
            headerSeen = true;
        }
        while (at < message.length) {
            int end = rowEnd(message, at);
            if (end < 0) {
                return;
            }
            rows.add(at == 0 && end == message.length ? message : Arrays.copyOfRange(message, at, end));
            at = end;
        }
    }

    /** Where the row starting at {@code at} ends; -1 at the trailer. */
    private static int rowEnd(byte[] data, int at) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int fields = buffer.getShort(at);
        if (fields < 0) {
            return -1;
        }
        int p = at + 2;
        for (int i = 0; i < fields; i++) {
            int length = buffer.getInt(p);
            p += 4 + Math.max(length, 0);
        }
        return p;
    }

    /** The text of the row's key columns, as the text format spells them (what db_workers_sync_state keeps). */
    static List<String> key(byte[] row, int[] key, List<PortableType.Column> columns) {
        ByteBuffer buffer = ByteBuffer.wrap(row);
        List<String> values = new ArrayList<>(key.length);
        for (int k : key) {
            int p = 2;
            for (int i = 0; i < k; i++) {
                p += 4 + Math.max(buffer.getInt(p), 0);
            }
            values.add(text(buffer, p + 4, buffer.getInt(p), columns.get(k).type().kind()));
        }
        return values;
    }

    /** A key value of one of {@link #KEY_KINDS}; text comes in the connection's encoding, UTF-8. */
    private static String text(ByteBuffer buffer, int at, int length, Kind kind) {
        return switch (kind) {
            case SMALLINT -> Short.toString(buffer.getShort(at));
            case INTEGER -> Integer.toString(buffer.getInt(at));
            case BIGINT -> Long.toString(buffer.getLong(at));
            case UUID -> new UUID(buffer.getLong(at), buffer.getLong(at + 8)).toString();
            default -> new String(buffer.array(), at, length, StandardCharsets.UTF_8);
        };
    }

    /**
     * The rows' values in their text form, for the writer that bisects a refused chunk (or upserts the first chunk
     * after a resume): the rows go into a temporary table of the target's column types without its constraints, and
     * come back as the target's output functions print them. Rolls back the target's transaction.
     */
    static List<List<Object>> asText(Connection target, SyncTable table, List<byte[]> chunk) throws SQLException {
        String stage = table.target.identifiers().quotePlain("db_workers_sync_stage");
        List<String> columns = new ArrayList<>();
        for (PortableType.Column c : table.targetColumns) {
            columns.add(table.target.identifiers().quote(c.name()));
        }
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE " + stage + " ON COMMIT DROP AS SELECT " + String.join(", ", columns)
                    + " FROM " + table.target.quoted() + " WITH NO DATA");
            CopyIn copy = target.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + stage + " ("
                    + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)");
            copy.writeToCopy(HEADER, 0, HEADER.length);
            for (byte[] row : chunk) {
                copy.writeToCopy(row, 0, row.length);
            }
            copy.writeToCopy(TRAILER, 0, TRAILER.length);
            copy.endCopy();
            List<List<Object>> rows = new ArrayList<>(chunk.size());
            try (ResultSet rs = s.executeQuery("SELECT " + String.join("::text, ", columns) + "::text FROM "
                    + stage)) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } finally {
            target.rollback();
        }
    }
}
