package io.dbworkers.component.redis.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-stream COUNT of a read: bounded by maxBatchBytes from the entries' measured size, whatever count is. */
class ReadSizeTest {

    @Test
    void takesAnEntryForOneKibibyteUntilEntriesWereReadThenGoesByTheirSize() {
        ReadSize size = new ReadSize(500, 2 * 1024 * 1024);
        assertThat(size.count(1)).isEqualTo(500);
        // 2 MiB of 1 KiB entries over 100 streams: 20 each
        assertThat(size.count(100)).isEqualTo(20);
        size.read(entries(100, 100));
        // about 116 bytes an entry: 180 per stream
        assertThat(size.count(100)).isEqualTo(180);
    }

    @Test
    void largeEntriesLowerTheCountSoThatAReadFitsInMaxBatchBytes() {
        ReadSize size = new ReadSize(500, 2 * 1024 * 1024);
        for (int i = 0; i < 6; i++) {
            size.read(entries(10, 1000));
        }
        int count = size.count(100);
        // about 1,030 bytes an entry: 2 MiB holds 2,036 of them, 20 per stream of 100
        assertThat(count).isEqualTo(20);
        assertThat(100L * count * ReadSize.bytes(entries(1, 1000).get(0))).isLessThanOrEqualTo(2 * 1024 * 1024);
        // one huge entry per stream still reads one at a time rather than nothing
        size.read(entries(1, 10_000_000));
        assertThat(size.count(100)).isEqualTo(1);
    }

    @Test
    void anEmptyReadChangesNothing() {
        ReadSize size = new ReadSize(100, 2 * 1024 * 1024);
        size.read(List.of());
        assertThat(size.count(100)).isEqualTo(20);
    }

    private static List<ReadEntry> entries(int n, int valueBytes) {
        List<ReadEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> fields = Map.of("value", "x".repeat(valueBytes));
            entries.add(new ReadEntry("stream:a", fields,
                    new StreamMessage("stream:a", "1-" + i, fields, 1)));
        }
        return entries;
    }
}
