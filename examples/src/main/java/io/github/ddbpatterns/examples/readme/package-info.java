/**
 * The README's Java snippets, as code the build compiles and the tests run: each snippet of README.md is marked with
 * the file (and tag) it comes from, and {@code ReadmeSnippetsTest} fails when the two drift apart. Start with
 * {@link io.github.ddbpatterns.examples.readme.QuickStart}.
 */
@NullMarked
package io.github.ddbpatterns.examples.readme;

import org.jspecify.annotations.NullMarked;
