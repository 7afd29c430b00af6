package io.github.ddbpatterns.capacity.cli;

import java.io.PrintWriter;

/**
 * Progress of a long run on standard error: one counter rewritten in place on a terminal ({@code System.console()}
 * present), plain lines otherwise (a log, a CI job); nothing when disabled.
 */
final class Progress {

    private final PrintWriter err;
    private final boolean enabled;
    private final boolean inPlace;
    private int width;

    Progress(PrintWriter err, boolean enabled, boolean inPlace) {
        this.err = err;
        this.enabled = enabled;
        this.inPlace = inPlace;
    }

    void update(String text) {
        if (!enabled) {
            return;
        }
        if (inPlace) {
            String padded = text.length() < width ? text + " ".repeat(width - text.length()) : text;
            width = text.length();
            err.print("\r" + padded);
        } else {
            err.println(text);
        }
        err.flush();
    }

    void done() {
        if (enabled && inPlace && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }
}
