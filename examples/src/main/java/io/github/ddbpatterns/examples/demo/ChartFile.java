package io.github.ddbpatterns.examples.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A chart a scenario drew, written as a PNG next to the report ({@code --report DIR}) or under the demo's chart
 * directory.
 *
 * @param fileName the PNG's file name, for example {@code flash-sale-timeline.png}
 * @param caption what the chart shows, one line
 * @param writer draws the chart into a file
 */
public record ChartFile(String fileName, String caption, Writer writer) {

    /** Checks the arguments. */
    public ChartFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(writer, "writer");
        if (!fileName.endsWith(".png") || fileName.contains("/")) {
            throw new IllegalArgumentException("fileName must be a plain *.png name, got: " + fileName);
        }
    }

    /** Draws a chart into a PNG file. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the PNG.
         *
         * @param png the file to write
         * @throws IOException if it cannot be written
         */
        void write(Path png) throws IOException;
    }
}
