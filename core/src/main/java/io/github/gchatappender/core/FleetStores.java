package io.github.gchatappender.core;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.core.fleet.FleetStoreProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link FleetStoreProvider} that serves an address's scheme, through {@link ServiceLoader}: with
 * the core's class loader, then with the thread's context class loader (an application server or Boot's
 * executable jar may see the store module only there); the first that serves the scheme wins. Looked up
 * each time, for the check of the settings and for opening the store: nothing is cached, so nothing
 * holds on to a class loader that an application server wants to let go.
 */
final class FleetStores {

    /** The schemes a fleet store module serves: {@code gchat-appender-redis}'s. */
    static final List<String> SCHEMES = List.of("redis", "rediss");

    /** Where the provider for {@link #SCHEMES} is, for the message that asks users to add it. */
    static final String MODULE = "io.github.gchatappender:gchat-appender-redis";

    private FleetStores() {}

    /**
     * The provider that serves {@code scheme}, or null if none on the class path does.
     *
     * @param broken collects the complaints of providers that could not be loaded, for the message
     *     that says none was found; never a password, since the address is not theirs yet
     */
    static FleetStoreProvider find(String scheme, List<String> broken) {
        for (ClassLoader loader : loaders()) {
            Iterator<FleetStoreProvider> providers =
                    ServiceLoader.load(FleetStoreProvider.class, loader).iterator();
            while (true) {
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    FleetStoreProvider provider = providers.next();
                    if (provider.serves(scheme)) {
                        return provider;
                    }
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    // A provider named on the class path that cannot be made or asked (its own dependencies
                    // missing, say): the next may still serve. Given the scheme only, it holds no password.
                    broken.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    if (broken.size() > 8) {
                        break; // An iterator that keeps failing the same way.
                    }
                }
            }
        }
        return null;
    }

    /**
     * Opens a store at {@code address} through the provider that serves it.
     *
     * @throws InvalidSettingException naming {@code fleetStore} when no provider serves it (any more:
     *     the settings were checked with another context class loader, say)
     * @throws FleetStoreException when the provider could not open it; the message masks the address
     */
    static FleetStore open(FleetStoreAddress address) {
        List<String> broken = new ArrayList<>();
        FleetStoreProvider provider = find(address.scheme(), broken);
        if (provider == null) {
            throw missingModule(address, broken);
        }
        FleetStore store;
        try {
            store = provider.open(address);
        } catch (FleetStoreException e) {
            throw e; // Masked by contract.
        } catch (RuntimeException | LinkageError e) {
            // Another's message, which may quote the address: only the exception's class is shown. A
            // LinkageError is the module's own dependency missing (lettuce-core excluded, say).
            throw new FleetStoreException("the fleet store at " + address.masked() + " could not be opened by "
                    + provider.getClass().getName() + ": " + e.getClass().getName());
        }
        if (store == null) {
            throw new FleetStoreException("the fleet store at " + address.masked() + " could not be opened by "
                    + provider.getClass().getName() + ": it opened none");
        }
        return store;
    }

    /** The complaint when no provider serves the address's scheme, naming the module to add. */
    static InvalidSettingException missingModule(FleetStoreAddress address, List<String> broken) {
        return new InvalidSettingException(
                "fleetStore",
                "is set to " + address.masked() + " but no fleet store module is on the class path: add " + MODULE
                        + ", or leave fleetStore unset"
                        + (broken.isEmpty()
                                ? ""
                                : " (a fleet store provider could not be loaded: " + broken.get(0) + ")"));
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>(2);
        loaders.add(FleetStores.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        return loaders;
    }
}
