/**
 * What the replicas of a fleet share through a store, so that they post to one Chat space as one
 * sender: {@link io.github.gchatappender.core.fleet.FleetStore}, found through a
 * {@link io.github.gchatappender.core.fleet.FleetStoreProvider} on the class path when the setting
 * {@code fleetStore} is given (the module {@code gchat-appender-redis} provides one for {@code redis://}
 * and {@code rediss://}).
 *
 * <p>For store modules; until 1.0.0, a minor release may change it, and says so in the changelog.
 */
package io.github.gchatappender.core.fleet;
