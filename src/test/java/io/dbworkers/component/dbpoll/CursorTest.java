package io.dbworkers.component.dbpoll;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CursorTest {

    private static final LocalDateTime T = LocalDateTime.parse("2026-11-21T04:30:00.123456");

    @Test
    void roundTripKeepsTypes() {
        Cursor cursor = new Cursor(OffsetDateTime.parse("2026-11-21T04:30:00.5+01:00"),
                List.of(42L, "a|b", UUID.fromString("0b7e7dbd-8ab8-4bb2-9b65-4bc2e3a8a6e1"), new BigDecimal("1.50")),
                null);
        Cursor back = Cursor.fromJson(cursor.toJson());
        assertThat(back).isEqualTo(cursor);
        assertThat(back.key().get(0)).isInstanceOf(Long.class);
        assertThat(Cursor.fromJson(null).isStart()).isTrue();
    }

    @Test
    void advancesOnlyForwardAndRemembersTheLagWindow() {
        Duration lag = Duration.ofSeconds(5);
        Cursor cursor = Cursor.START.advance(T, List.of(2), lag).advance(T.minusSeconds(2), List.of(1), lag);
        assertThat(cursor.timestamp()).isEqualTo(T);
        assertThat(cursor.key()).containsExactly(2);
        assertThat(cursor.seen()).containsKeys(Cursor.seenId(T, List.of(2)), Cursor.seenId(T.minusSeconds(2), List.of(1)));

        Cursor later = cursor.advance(T.plusSeconds(4), List.of(3), lag).pruned(lag);
        assertThat(later.seen()).containsOnlyKeys(Cursor.seenId(T, List.of(2)), Cursor.seenId(T.plusSeconds(4), List.of(3)));
        assertThat(Cursor.fromJson(later.toJson())).isEqualTo(later);
    }

    @Test
    void tiesOnTheTimestampAreOrderedByKey() {
        assertThat(Cursor.compare(T, List.of(1, "b"), T, List.of(1, "a"))).isPositive();
        assertThat(Cursor.compare(T, List.of(1, "a"), T.plusNanos(1000), List.of(0, "a"))).isNegative();
    }
}
