package io.dbworkers.component.dbpoll;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position of a polled change is exactly {@code timestamp.toString() + "|" + keyValues.toString()}, whatever the
 * timestamp's precision and the key's types.
 */
class PositionTextTest {

    private final PositionText text = new PositionText();

    @Test
    void sameTextAsToString() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            int nano = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> random.nextInt(10);
            };
            LocalDateTime t = LocalDateTime.of(1 + random.nextInt(12_000), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), i % 7 == 0 ? 0 : random.nextInt(60),
                    nano);
            long id = i % 4 == 0 ? random.nextLong() : random.nextInt(Integer.MAX_VALUE);
            assertPosition(t, id);
            OffsetDateTime o = t.atOffset(ZoneOffset.ofTotalSeconds((random.nextInt(36) - 18) * 3600
                    + (i % 3 == 0 ? 0 : 1800)));
            assertPosition(o, (int) id, "k" + i);
        }
        // runs of one day, as in a page ordered by the timestamp, across midnights
        LocalDateTime run = LocalDateTime.of(2026, 1, 1, 20, 0);
        for (int i = 0; i < 10_000; i++) {
            assertPosition(run = run.plusNanos(random.nextInt(60_000_000) * 1000L), (long) i);
        }
        assertThat(text.of(LocalDateTime.of(2026, 1, 1, 0, 0), new Object[] {1L}, new int[] {0}))
                .isEqualTo("2026-01-01T00:00|[1]");
        assertPosition(LocalDate.of(2026, 1, 1), 0L, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE);
        assertPosition(LocalDateTime.MAX, new BigDecimal("1.50"), UUID.randomUUID(), "ünïcödé ✓", null);
        assertPosition(LocalDateTime.of(2026, 1, 1, 0, 0), "x".repeat(200), 7);
    }

    private void assertPosition(Object timestamp, Object... key) {
        Object[] row = new Object[key.length + 1];
        int[] keyIndexes = new int[key.length];
        for (int i = 0; i < key.length; i++) {
            row[i + 1] = key[i];
            keyIndexes[i] = key.length - i;
        }
        // the key columns in another order than the row's
        List<Object> expected = new java.util.ArrayList<>();
        for (int k : keyIndexes) {
            expected.add(row[k]);
        }
        assertThat(text.of(timestamp, row, keyIndexes)).isEqualTo(timestamp + "|" + expected);
    }
}
