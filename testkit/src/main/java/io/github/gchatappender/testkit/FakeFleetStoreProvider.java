package io.github.gchatappender.testkit;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.core.fleet.FleetStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A provider for {@code redis} and {@code rediss}, for the adapters' tests, that no {@code META-INF/services}
 * file names: their class paths have no fleet store module, as a user's without {@code gchat-appender-redis}
 * has, so that a set {@code fleetStore} keeps the appender stopped there and says which module to add. Only
 * code run through {@link #visibleDuring} finds it, through the thread's context class loader. Its stores
 * answer nothing, as a store that is down: the settings' tests never ask them. (The core's tests, which
 * cannot depend on this module, have a copy of their own.)
 */
public final class FakeFleetStoreProvider implements FleetStoreProvider {

    public FakeFleetStoreProvider() {}

    @Override
    public boolean serves(String scheme) {
        return scheme.equals("redis") || scheme.equals("rediss");
    }

    @Override
    public FleetStore open(FleetStoreAddress address) {
        return new Store(address);
    }

    /** Runs {@code code} with this provider on the context class loader. */
    public static <T> T visibleDuring(Callable<T> code) throws Exception {
        return visibleDuring(FakeFleetStoreProvider.class.getName(), code);
    }

    /**
     * Runs {@code code} with the context class loader set to one whose services file for
     * {@link FleetStoreProvider} lists {@code providers} (one class name a line), then restores it.
     */
    public static <T> T visibleDuring(String providers, Callable<T> code) throws Exception {
        Path directory = Files.createTempDirectory("fleet-store-provider");
        Path services = directory.resolve("META-INF/services/" + FleetStoreProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, providers + "\n", StandardCharsets.UTF_8);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {directory.toUri().toURL()}, FakeFleetStoreProvider.class.getClassLoader())) {
            thread.setContextClassLoader(loader);
            return code.call();
        } finally {
            thread.setContextClassLoader(before);
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(FakeFleetStoreProvider::delete);
            }
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #open} made: its address, for the test to read. */
    public static final class Store implements FleetStore {
        private final FleetStoreAddress address;

        Store(FleetStoreAddress address) {
            this.address = address;
        }

        /** The address it was opened at, password included. */
        public FleetStoreAddress address() {
            return address;
        }

        @Override
        public long tryTakePermit(String space, long intervalNanos) {
            throw new FleetStoreException("a test store at " + address.masked() + " answers nothing");
        }

        @Override
        public boolean touchIncident(String space, String threadKey, long quietMillis) {
            throw new FleetStoreException("a test store at " + address.masked() + " answers nothing");
        }

        @Override
        public long claimResolvedNote(String space, String threadKey, long quietMillis) {
            throw new FleetStoreException("a test store at " + address.masked() + " answers nothing");
        }

        @Override
        public void close() {}
    }
}
