package io.github.ddbpatterns.examples.demo;

/**
 * A scenario's line in the closing summary: the naive figure, the library's, and the gain, as text.
 *
 * @param naive for example "2,000 throttles"
 * @param library for example "0 throttles"
 * @param gain for example "no throttling" or "12x faster"
 */
public record Headline(String naive, String library, String gain) {}
