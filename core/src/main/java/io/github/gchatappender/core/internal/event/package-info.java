/**
 * Internal (see {@code io.github.gchatappender.core.internal}). What the dispatcher makes of the
 * adapters' snapshots: batches of one kind of error, message patterns that tell kinds apart, and
 * cuts that never split a character.
 */
package io.github.gchatappender.core.internal.event;
