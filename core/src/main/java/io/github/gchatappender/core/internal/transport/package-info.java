/**
 * Internal (see {@code io.github.gchatappender.core.internal}). Posting a message to the webhook over the JDK's HTTP client, shared per connect timeout and proxy, and reading Google's answers.
 */
package io.github.gchatappender.core.internal.transport;
