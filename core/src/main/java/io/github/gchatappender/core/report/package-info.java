/**
 * What the engine reports: {@link io.github.gchatappender.core.report.DeliveryStats} (the counts),
 * {@link io.github.gchatappender.core.report.ChannelHealth} (whether alerts get through) and
 * {@link io.github.gchatappender.core.report.StatusReporter} (the framework's status channel, which an
 * adapter implements). Plain values and one interface, importing nothing else of this project, so that
 * the public API and the internal engine can both use them without depending on each other.
 */
package io.github.gchatappender.core.report;
