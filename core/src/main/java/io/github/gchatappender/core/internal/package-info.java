/**
 * Internal: the core's own machinery, which adapters and applications must not use. Any release may
 * change it. Its packages are by role: {@code dispatch} (queue, grouping, quota, retries),
 * {@code render} (Chat text and cards), {@code transport} (HTTP), {@code stats} (counts, health,
 * JMX) and {@code status} (rate-limited reports).
 */
package io.github.gchatappender.core.internal;
