/**
 * Internal: the core's own machinery, which adapters and applications must not use. Any release may
 * change it. It holds Google Chat's limits ({@link io.github.gchatappender.core.internal.GoogleChatLimits})
 * and the factory of the core's threads; its packages are by role: {@code event} (batches and
 * patterns), {@code dispatch} (queue, grouping, quota, retries),
 * {@code render} (Chat text and cards), {@code transport} (HTTP), {@code stats} (counts, health,
 * JMX) and {@code status} (rate-limited reports).
 */
package io.github.gchatappender.core.internal;
