package io.dbworkers.component.dbpoll;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The position text of a polled change is exactly the timestamp's toString(), whatever its precision. */
class TimestampTextTest {

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
            assertThat(text(t)).isEqualTo(t.toString());
            OffsetDateTime o = t.atOffset(ZoneOffset.ofTotalSeconds((random.nextInt(36) - 18) * 3600
                    + (i % 3 == 0 ? 0 : 1800)));
            assertThat(text(o)).isEqualTo(o.toString());
        }
        assertThat(text(LocalDateTime.of(2026, 1, 1, 0, 0))).isEqualTo("2026-01-01T00:00");
        assertThat(text(LocalDate.of(2026, 1, 1))).isEqualTo("2026-01-01");
        assertThat(text(new BigDecimal("1.50"))).isEqualTo("1.50");
    }

    private static String text(Object value) {
        return TimestampText.append(new StringBuilder(), value).toString();
    }
}
