/**
 * Internal (see {@code io.github.gchatappender.core.internal}). Rendering a batch as a Google Chat message: Chat text or a cardsV2 card, within Google's limits, with hostile input neutralised.
 */
package io.github.gchatappender.core.internal.render;
