/**
 * Spring Boot starter of ddb-patterns (draft).
 */
@NullMarked
package io.github.ddbpatterns.spring;

import org.jspecify.annotations.NullMarked;
