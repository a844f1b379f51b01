/**
 * Internal (see {@code io.github.gchatappender.core.internal}). The dispatcher thread and what it drives: the lock-free queue the callers offer to, the callers' repeat counters, grouping into batches by thread key, the per-space quota, retries and backoff.
 */
package io.github.gchatappender.core.internal.dispatch;
