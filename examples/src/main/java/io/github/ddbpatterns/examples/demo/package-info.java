/**
 * The demo framework: a scenario ({@link io.github.ddbpatterns.examples.demo.DemoScenario}) runs three steps (the
 * problem the naive way, the library's fix, the follow-up answered), each yielding a {@link
 * io.github.ddbpatterns.examples.demo.Row} of numbers; {@link io.github.ddbpatterns.examples.demo.Tables} prints them
 * as text or Markdown, {@link io.github.ddbpatterns.examples.demo.Progress} reports steps longer than a second.
 */
@NullMarked
package io.github.ddbpatterns.examples.demo;

import org.jspecify.annotations.NullMarked;
