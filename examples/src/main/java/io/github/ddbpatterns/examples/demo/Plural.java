package io.github.ddbpatterns.examples.demo;

import java.util.Locale;

/** "1 request", "2 requests", "1,000 requests": a count with its noun. */
public final class Plural {

    private Plural() {}

    /**
     * The count, grouped by thousands, and the noun, with an "s" unless the count is one.
     *
     * @param count the count
     * @param noun the singular noun
     * @return for example "1 request" or "2,000 requests"
     */
    public static String of(long count, String noun) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? noun : noun + "s");
    }
}
