/**
 * The snapshot of a log event that an adapter takes on the caller's thread: an
 * {@link io.github.gchatappender.core.event.AlertEvent} with its
 * {@link io.github.gchatappender.core.event.ThrowableSnapshot}, immutable and safe to hand to the
 * dispatcher thread. For the adapters, like {@code io.github.gchatappender.core}.
 */
package io.github.gchatappender.core.event;
