package io.dbworkers.support;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long one-shot run (a sync, a validation): rows done, rate and estimated time left. On a terminal it is
 * one line on standard error, rewritten in place ({@code \r}) at most a few times a second; when the output is not a
 * terminal (a log file, CI) it is a plain log line every {@code interval}. Updates come from {@link #add}, from any
 * thread; nothing runs in the background. {@link #close} writes the final figures.
 */
public final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long TERMINAL_REFRESH_NANOS = Duration.ofMillis(250).toNanos();
    /** How often a plain log line is written when the output is not a terminal, unless told otherwise. */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

    private final String label;
    private final PrintStream terminal;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private long lastReportNanos;
    private int lastLineLength;

    /**
     * @param label    what is being done, e.g. {@code sync users}
     * @param total    the rows expected, or a negative number when unknown (no time left is shown)
     * @param terminal where to draw the updating line, or null to write log lines instead
     * @param interval how often to write a log line when {@code terminal} is null
     * @param nanoClock a {@link System#nanoTime()}-like clock
     */
    public Progress(String label, long total, PrintStream terminal, Duration interval, LongSupplier nanoClock) {
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.intervalNanos = terminal != null ? TERMINAL_REFRESH_NANOS : interval.toNanos();
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastReportNanos = startNanos;
    }

    /** An updating line on standard error when the process has a terminal, else a log line every 10 seconds. */
    public static Progress start(String label, long total) {
        return new Progress(label, total, System.console() != null ? System.err : null, DEFAULT_LOG_INTERVAL,
                System::nanoTime);
    }

    /** Sets the number of rows expected, once it is known (negative: unknown). */
    public void total(long rows) {
        this.total = rows;
    }

    /** Counts {@code rows} more rows done, and reports when it is time to. */
    public void add(long rows) {
        done.addAndGet(rows);
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (now - lastReportNanos < intervalNanos) {
                return;
            }
            lastReportNanos = now;
            report(now, false);
        }
    }

    public long done() {
        return done.get();
    }

    /** The text of the progress line as of {@code now}: {@code sync users: 12,000/100,000 rows, 4,000 rows/s, ...}. */
    public String line(long now) {
        long rows = done.get();
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        double rate = rows / seconds;
        StringBuilder line = new StringBuilder(label).append(": ").append(String.format(Locale.ROOT, "%,d", rows));
        long expected = total;
        if (expected >= 0) {
            line.append(String.format(Locale.ROOT, "/%,d", expected));
        }
        line.append(String.format(Locale.ROOT, " rows, %,.0f rows/s", rate));
        if (expected >= 0 && rows < expected && rate > 0) {
            line.append(", ").append(clock((long) ((expected - rows) / rate))).append(" left");
        } else {
            line.append(", ").append(clock((long) seconds)).append(" elapsed");
        }
        return line.toString();
    }

    private void report(long now, boolean last) {
        String line = line(now);
        if (terminal == null) {
            LOG.info("{}", line);
            return;
        }
        // pad with blanks so that a shorter line fully covers the previous one
        StringBuilder out = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLineLength; i++) {
            out.append(' ');
        }
        lastLineLength = line.length();
        terminal.print(out);
        if (last) {
            terminal.println();
        }
        terminal.flush();
    }

    /** Writes the final line (on a terminal it ends the updating line). */
    @Override
    public synchronized void close() {
        report(nanoClock.getAsLong(), true);
    }

    static String clock(long seconds) {
        long s = Math.max(seconds, 0);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
