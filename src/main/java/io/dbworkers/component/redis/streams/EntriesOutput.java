package io.dbworkers.component.redis.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.lettuce.core.output.CommandOutput;

/**
 * The reply of XREADGROUP (new entries, delivered the first time) decoded straight into {@link ReadEntry}s: field
 * names and values into one array per entry, where lettuce's {@code StreamReadOutput} builds a {@code StreamMessage}
 * with a {@code LinkedHashMap} that the consumer then wrapped again. Follows that output's reading of the reply, RESP2
 * (an array of [stream, entries]) and RESP3 (a map of stream to entries) alike: {@code complete(3)} ends an entry,
 * {@code complete(1)} a stream's entries (for RESP3, the second one after the stream's key).
 */
final class EntriesOutput extends CommandOutput<String, String, List<ReadEntry>> {

    private boolean skipStreamKeyReset;
    private String stream;
    private String id;
    private String key;
    private String[] pairs = new String[8];
    private int size;
    private boolean bodyReceived;

    EntriesOutput() {
        super(RawText.CODEC, new ArrayList<>());
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (stream == null) {
            if (bytes != null) {
                stream = codec.decodeKey(bytes);
                skipStreamKeyReset = true;
            }
            return;
        }
        if (id == null) {
            id = codec.decodeValue(bytes);
            return;
        }
        if (key == null) {
            bodyReceived = true;
            if (bytes != null) {
                key = codec.decodeKey(bytes);
            }
            return;
        }
        if (size + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[size++] = key;
        pairs[size++] = bytes == null ? null : codec.decodeValue(bytes);
        key = null;
    }

    @Override
    public void multi(int count) {
        if (id != null && key == null && count == -1) {
            bodyReceived = true;
        }
    }

    @Override
    public void complete(int depth) {
        if (depth == 3 && bodyReceived) {
            output.add(ReadEntry.of(stream, id, new StreamMessage.ReadFields(Arrays.copyOf(pairs, size)), 1));
            bodyReceived = false;
            key = null;
            id = null;
            size = 0;
        }
        if (depth == 2 && skipStreamKeyReset) {
            skipStreamKeyReset = false;
        }
        if (depth == 1) {
            if (skipStreamKeyReset) {
                skipStreamKeyReset = false;
            } else {
                stream = null;
            }
        }
    }
}
