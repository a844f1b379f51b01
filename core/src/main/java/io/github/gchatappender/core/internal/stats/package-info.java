/**
 * Internal (see {@code io.github.gchatappender.core.internal}). The counts of every event and request, the channel's health, and the JMX MBean that shows them.
 */
package io.github.gchatappender.core.internal.stats;
