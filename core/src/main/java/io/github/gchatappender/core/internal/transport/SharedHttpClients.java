package io.github.gchatappender.core.internal.transport;

import io.github.gchatappender.core.internal.InternalThreads;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The JDK HTTP clients of this JVM's appenders (of this class loader): one per transport settings
 * (connect timeout, and the proxy, or else the JVM's default proxy selector at the time), shared and
 * counted.
 *
 * <p><b>Why.</b> A JDK {@link HttpClient} runs a selector thread until it is closed, which JDKs before
 * 21 cannot do, or until it is garbage-collected. An application that reconfigures its logging often
 * (Logback's {@code scan}, Spring's context refresh) would otherwise add a thread at each
 * reconfiguration, until the next GC happens to collect the old clients.
 * <p><b>On JDK 21 and later</b> the last {@link Lease#release() release} closes the client
 * ({@code shutdownNow()}), and its threads end at once.
 * <p><b>Before JDK 21</b> the client is kept for the next appender with the same settings: one idle
 * selector thread per settings, never more, however often the logging is reconfigured.
 * <p>The clients' worker threads come from a pool that lets a thread go after
 * {@value #IDLE_WORKER_SECONDS} s idle, so a stopped appender leaves no worker behind for long.
 * Clients follow no redirects: a redirect would carry the webhook's token elsewhere.
 */
final class SharedHttpClients {

    static final long IDLE_WORKER_SECONDS = 1;
    /** {@code HttpClient.shutdownNow()}, JDK 21 and later; null before. */
    private static final Method SHUTDOWN_NOW = shutdownNow();

    private static final Map<Settings, Shared> CLIENTS = new HashMap<>();
    private static int created;

    private SharedHttpClients() {}

    /** A client for these settings, shared with every other holder of a lease on the same settings. */
    static Lease acquire(Duration connectTimeout, InetSocketAddress proxy) {
        // A client reads the default selector when it is built: one set later needs a client of its own.
        Settings settings = new Settings(connectTimeout, proxy, proxy == null ? ProxySelector.getDefault() : null);
        synchronized (CLIENTS) {
            Shared shared = CLIENTS.computeIfAbsent(settings, SharedHttpClients::create);
            shared.leases++;
            return new Lease(settings, shared);
        }
    }

    private static Shared create(Settings settings) {
        ExecutorService workers = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                IDLE_WORKER_SECONDS,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                new InternalThreads("http", "client" + ++created));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(workers);
        if (settings.proxy != null) {
            builder.proxy(ProxySelector.of(settings.proxy));
        }
        // Without a proxy set, the client uses ProxySelector.getDefault(): https.proxyHost and friends.
        return new Shared(builder.build(), workers);
    }

    private static void release(Settings settings, Shared shared) {
        synchronized (CLIENTS) {
            if (--shared.leases > 0 || SHUTDOWN_NOW == null) {
                return; // Still used; or kept for reuse, since this JDK cannot close it.
            }
            CLIENTS.remove(settings, shared);
        }
        try {
            SHUTDOWN_NOW.invoke(shared.client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Closing is best effort; the client's threads are daemons.
        }
        shared.workers.shutdownNow();
    }

    private static Method shutdownNow() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException olderJdk) {
            return null;
        }
    }

    /** One holder's use of a shared client; released once, by {@link JdkHttpTransport#close()}. */
    static final class Lease {
        private final Settings settings;
        private final Shared shared;
        private boolean released;

        private Lease(Settings settings, Shared shared) {
            this.settings = settings;
            this.shared = shared;
        }

        HttpClient client() {
            return shared.client;
        }

        /** Gives the client back; the last release closes it where the JDK can. Idempotent. */
        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            SharedHttpClients.release(settings, shared);
        }
    }

    private static final class Shared {
        final HttpClient client;
        final ExecutorService workers;
        int leases;

        Shared(HttpClient client, ExecutorService workers) {
            this.client = client;
            this.workers = workers;
        }
    }

    /** What makes two clients interchangeable. */
    private static final class Settings {
        final Duration connectTimeout;
        final InetSocketAddress proxy;
        /** The JVM's default when there is no proxy; compared by identity. */
        final ProxySelector defaultSelector;

        Settings(Duration connectTimeout, InetSocketAddress proxy, ProxySelector defaultSelector) {
            this.connectTimeout = connectTimeout;
            this.proxy = proxy;
            this.defaultSelector = defaultSelector;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Settings)) {
                return false;
            }
            Settings other = (Settings) o;
            return connectTimeout.equals(other.connectTimeout)
                    && Objects.equals(proxy, other.proxy)
                    && defaultSelector == other.defaultSelector;
        }

        @Override
        public int hashCode() {
            return (31 * connectTimeout.hashCode() + Objects.hashCode(proxy)) * 31
                    + System.identityHashCode(defaultSelector);
        }
    }
}
