/**
 * Internals of {@link io.github.ddbpatterns.testing.ThrottlingProxy}: the Netty front end, the forwarding
 * engine, partition routing, token buckets, item size estimates and fault injection. Not a public API: use
 * {@code ThrottlingProxy.builder()}.
 */
@NullMarked
package io.github.ddbpatterns.testing.internal.proxy;

import org.jspecify.annotations.NullMarked;
