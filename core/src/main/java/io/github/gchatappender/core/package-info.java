/**
 * What the framework adapters build on: {@link io.github.gchatappender.core.SenderSettings} (every
 * setting, parsed and checked in one place), {@link io.github.gchatappender.core.GoogleChatSender}
 * (the queue, the dispatcher thread and the HTTP transport behind one non-blocking
 * {@code offer}), {@link io.github.gchatappender.core.LogEventReader} and
 * {@link io.github.gchatappender.core.ReentryGuard} for the caller's side, and
 * {@link io.github.gchatappender.core.report.StatusReporter} for the framework's status channel.
 * Applications meet only {@link io.github.gchatappender.core.report.DeliveryStats} and
 * {@link io.github.gchatappender.core.report.ChannelHealth}, through the adapters.
 *
 * <p>For the adapters in this project and for new ones; until 1.0.0, a minor release may change it,
 * and says so in the changelog. Everything under {@code io.github.gchatappender.core.internal} is
 * internal.
 */
package io.github.gchatappender.core;
