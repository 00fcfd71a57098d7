package io.dbworkers.component.redis.streams;

import java.util.List;
import java.util.Map;

/**
 * How many entries to ask per stream, so that one read holds about {@code maxBatchBytes} of entries whatever
 * {@code count} is: XREADGROUP's COUNT applies to each stream, so a read of S streams may return S x count entries, and
 * the entries' size is only known once read. The count is what the last read's entries (key, id, field names and
 * values, as Redis sent them; measured on up to {@value #SAMPLE} of them) say fits in {@code maxBatchBytes}; before
 * any entry was read, an entry is taken to be {@value #FIRST_GUESS} bytes. With prefetch two batches are in memory, so
 * the consumer holds about 2 x maxBatchBytes of entries: memory is bounded by bytes in flight, not by the batch
 * setting. Used by the reading thread only.
 */
final class ReadSize {

    static final int FIRST_GUESS = 1024;
    /** the entries measured per read, spread over it: enough for the mean, cheaper than all of a large read */
    private static final int SAMPLE = 256;

    private final int count;
    private final long maxBatchBytes;
    /** bytes of an entry, as measured by the last read that returned any */
    private long entryBytes = FIRST_GUESS;

    ReadSize(int count, long maxBatchBytes) {
        this.count = count;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** The COUNT of the next read of {@code streams} streams: at least 1, at most {@code count}. */
    int count(int streams) {
        long fits = maxBatchBytes / (entryBytes * Math.max(1, streams));
        return (int) Math.max(1, Math.min(count, fits));
    }

    /** What a read returned: sizes the next one. */
    void read(List<ReadEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long bytes = 0;
        int step = Math.max(1, entries.size() / SAMPLE);
        int measured = 0;
        for (int i = 0; i < entries.size(); i += step) {
            bytes += bytes(entries.get(i));
            measured++;
        }
        entryBytes = Math.max(1, bytes / measured);
    }

    /** An entry's bytes as Redis sent them: its keys and values are {@link RawText}, one char per byte. */
    static long bytes(ReadEntry entry) {
        long bytes = entry.key().length() + entry.id().length();
        for (Map.Entry<String, String> field : entry.rawFields().entrySet()) {
            bytes += field.getKey().length() + field.getValue().length();
        }
        return bytes;
    }
}
