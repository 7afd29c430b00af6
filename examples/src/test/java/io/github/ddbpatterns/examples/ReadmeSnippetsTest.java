package io.github.ddbpatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of the README is code the build compiles: each {@code ```java} block is preceded by a marker
 * {@code <!-- snippet: <file>[#<tag>] -->} naming a source file of this repository, and must equal, line for line,
 * either the whole file (without its {@code package} line) or the file's imports followed by the regions tagged
 * {@code // tag::<tag>[]} ... {@code // end::<tag>[]}, joined, with their common indentation removed. A README snippet without a marker, a
 * marker without a file or tag, or a snippet that drifted from its source fails this test.
 */
class ReadmeSnippetsTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([^#\\s]+)(?:#(\\S+))? -->");

    /** One marked snippet of the README. */
    record Snippet(String file, String tag, String text, int line) {}

    @Test
    void everyJavaSnippetOfTheReadme_isMarkedAndEqualsItsCompiledSource() throws IOException {
        List<Snippet> snippets = snippets(Files.readAllLines(ROOT.resolve("README.md")));

        assertThat(snippets).as("README java snippets").hasSizeGreaterThanOrEqualTo(8);
        for (Snippet snippet : snippets) {
            assertThat(snippet.text())
                    .as(
                            "README line %d, compiled from %s%s",
                            snippet.line(), snippet.file(), snippet.tag().isEmpty() ? "" : "#" + snippet.tag())
                    .isEqualTo(expected(snippet));
        }
    }

    /** The README's java blocks with their markers; fails on a java block without a marker. */
    static List<Snippet> snippets(List<String> readme) {
        List<Snippet> snippets = new ArrayList<>();
        String file = null;
        String tag = null;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i).strip();
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                file = marker.group(1);
                tag = marker.group(2) == null ? "" : marker.group(2);
                continue;
            }
            if (line.equals("```java")) {
                assertThat(file)
                        .as("README line %d: a java block needs a '<!-- snippet: file[#tag] -->' line before it", i + 1)
                        .isNotNull();
                StringBuilder text = new StringBuilder();
                int start = i + 1;
                for (i = i + 1; !readme.get(i).strip().equals("```"); i++) {
                    text.append(readme.get(i).stripTrailing()).append('\n');
                }
                snippets.add(new Snippet(file, tag, text.toString(), start));
                file = null;
                tag = null;
            } else if (!line.isEmpty()) {
                file = null; // a marker applies to the block right after it
                tag = null;
            }
        }
        return snippets;
    }

    /** What the snippet must say: the whole file, or its imports and its tagged regions. */
    static String expected(Snippet snippet) throws IOException {
        Path path = ROOT.resolve(snippet.file());
        assertThat(path).as("source of a README snippet").isRegularFile();
        List<String> source = Files.readAllLines(path);
        StringBuilder text = new StringBuilder();
        if (snippet.tag().isEmpty()) {
            boolean started = false;
            for (String line : source) {
                if (line.startsWith("package ") || isTagLine(line) || (!started && line.isBlank())) {
                    continue;
                }
                started = true;
                text.append(line.stripTrailing()).append('\n');
            }
            return text.toString();
        }
        for (String line : source) {
            if (line.startsWith("import ")) {
                text.append(line).append('\n');
            }
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        List<String> region = tagged(source, snippet.tag());
        assertThat(region)
                .as("lines tagged '%s' in %s", snippet.tag(), snippet.file())
                .isNotEmpty();
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        for (String line : region) {
            text.append(line.isBlank() ? "" : line.substring(indent).stripTrailing())
                    .append('\n');
        }
        return text.toString();
    }

    private static List<String> tagged(List<String> source, String tag) {
        List<String> region = new ArrayList<>();
        boolean inside = false;
        for (String line : source) {
            String code = line.strip();
            if (code.equals("// tag::" + tag + "[]")) {
                inside = true; // regions of one tag join up: a snippet may skip lines in between
            } else if (code.equals("// end::" + tag + "[]")) {
                inside = false;
            } else if (inside && !isTagLine(line)) {
                region.add(line);
            }
        }
        return region;
    }

    private static boolean isTagLine(String line) {
        String code = line.strip();
        return code.startsWith("// tag::") || code.startsWith("// end::");
    }
}
