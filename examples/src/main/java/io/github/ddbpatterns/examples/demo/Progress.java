package io.github.ddbpatterns.examples.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one step: silent for its first second, then a counter that updates in place ({@code '\r'}) on a
 * terminal, or a plain line every few seconds otherwise; {@link #close()} ends the line.
 */
public final class Progress implements AutoCloseable {

    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long TERMINAL_EVERY_NANOS = 200_000_000L;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long started;
    private long lastPrinted;
    private boolean printedInPlace;

    /**
     * Progress of a step of {@code total} units of work.
     *
     * @param out where to print
     * @param label what the step does, for example "writing 1,000 clicks"
     * @param total the units of work (0: unknown)
     * @param terminal whether {@code out} is a terminal (update in place)
     * @param nanos the time source, {@link System#nanoTime()} in the demo
     */
    public Progress(PrintStream out, String label, long total, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
        this.lastPrinted = started;
    }

    /**
     * Reports that {@code done} units of work are done; prints when the step has run over a second and the last
     * line is old enough.
     *
     * @param done units done so far
     */
    public void update(long done) {
        long now = nanos.getAsLong();
        if (now - started < QUIET_NANOS) {
            return;
        }
        long every = terminal ? TERMINAL_EVERY_NANOS : PLAIN_EVERY_NANOS;
        if (printedInPlace || !terminal && lastPrinted != started) {
            if (now - lastPrinted < every) {
                return;
            }
        }
        lastPrinted = now;
        String text = total > 0
                ? String.format(Locale.ROOT, "  %s: %,d of %,d (%d %%)", label, done, total, done * 100 / total)
                : String.format(Locale.ROOT, "  %s: %,d", label, done);
        if (terminal) {
            out.print("\r" + text);
            printedInPlace = true;
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Ends the in-place line, if one was printed. */
    @Override
    public void close() {
        if (printedInPlace) {
            out.print("\r\033[2K");
            out.flush();
            printedInPlace = false;
        }
    }
}
