package io.github.gchatappender.spring;

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
import java.util.stream.Stream;

/**
 * Stands in for {@code gchat-appender-redis}, which the starter does not depend on, for
 * {@link SettingsInStepTest}: a {@code google.chat.fleet-store} with a {@code redis://} URL builds only
 * where a provider serves {@code redis}. No {@code META-INF/services} file of the starter's tests names it,
 * so the other tests run on a class path without a store module, as an application that did not add one,
 * and see the starter refuse a set fleet store; only code run while {@link #visible()} is open finds it,
 * through the thread's context class loader. Its stores answer nothing, as a store that is down: the
 * settings' tests never ask them.
 */
public final class FakeFleetStoreProvider implements FleetStoreProvider {

    public FakeFleetStoreProvider() {}

    @Override
    public boolean serves(String scheme) {
        return scheme.equals("redis") || scheme.equals("rediss");
    }

    @Override
    public FleetStore open(FleetStoreAddress address) {
        return new FleetStore() {
            @Override
            public long tryTakePermit(String space, long intervalNanos) {
                throw down();
            }

            @Override
            public boolean touchIncident(String space, String threadKey, long quietMillis) {
                throw down();
            }

            @Override
            public long claimResolvedNote(String space, String threadKey, long quietMillis) {
                throw down();
            }

            @Override
            public void close() {}

            private FleetStoreException down() {
                return new FleetStoreException("a test store at " + address.masked() + " answers nothing");
            }
        };
    }

    /**
     * Sets the context class loader to one whose services file names this provider, until the returned
     * handle is closed, which restores the loader before it.
     */
    static AutoCloseable visible() throws IOException {
        Path directory = Files.createTempDirectory("fleet-store-provider");
        Path services = directory.resolve("META-INF/services/" + FleetStoreProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, FakeFleetStoreProvider.class.getName() + "\n", StandardCharsets.UTF_8);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        URLClassLoader loader = new URLClassLoader(
                new URL[] {directory.toUri().toURL()}, FakeFleetStoreProvider.class.getClassLoader());
        thread.setContextClassLoader(loader);
        return () -> {
            thread.setContextClassLoader(before);
            loader.close();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(FakeFleetStoreProvider::delete);
            }
        };
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
