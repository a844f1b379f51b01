/**
 * Internal (see {@code io.github.gchatappender.core.internal}). Rate limits for the reports that go to the logging framework's status channel.
 */
package io.github.gchatappender.core.internal.status;
