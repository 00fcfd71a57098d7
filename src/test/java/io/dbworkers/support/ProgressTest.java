package io.dbworkers.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void lineShowsRowsRateAndTimeLeft() {
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress("sync users", 100_000, null, Duration.ofSeconds(10), now::get);
        now.set(10 * SECOND);
        progress.add(25_000);
        assertThat(progress.line(now.get())).isEqualTo("sync users: 25,000/100,000 rows, 2,500 rows/s, 0:30 left");
    }

    @Test
    void unknownTotalShowsElapsedTime() {
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress("sync users", -1, null, Duration.ofSeconds(10), now::get);
        now.set(3725 * SECOND);
        progress.add(3725);
        assertThat(progress.line(now.get())).isEqualTo("sync users: 3,725 rows, 1 rows/s, 1:02:05 elapsed");
    }

    @Test
    void terminalLineIsRewrittenInPlaceAndEndedOnClose() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress progress = new Progress("sync t", 1000, out, Duration.ofSeconds(10), now::get);
        progress.add(10);
        assertThat(bytes.size()).as("nothing before the first refresh interval").isZero();
        now.set(SECOND);
        progress.add(990);
        progress.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\rsync t: 1,000/1,000 rows").endsWith(System.lineSeparator());
        assertThat(text.split("\r")).hasSize(3);
    }
}
