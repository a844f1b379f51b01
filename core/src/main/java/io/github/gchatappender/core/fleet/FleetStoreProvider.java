package io.github.gchatappender.core.fleet;

/**
 * Opens {@link FleetStore}s for the address schemes it serves; found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.github.gchatappender.core.fleet.FleetStoreProvider} entry, or a
 * {@code provides} clause). A sender whose {@code fleetStore} setting names a scheme that no provider
 * on the class path serves stays stopped, and says which module to add.
 */
public interface FleetStoreProvider {

    /** True for the schemes this provider serves, such as {@code redis} and {@code rediss}. */
    boolean serves(String scheme);

    /**
     * Opens a store at {@code address}, without waiting for it: a store that is down at start is not an
     * error here, only at its first call (see {@link FleetStore}).
     *
     * @param address the setting's URL, with its password if it has one: a secret, to be printed only
     *     through {@link FleetStoreAddress#masked}
     */
    FleetStore open(FleetStoreAddress address);
}
