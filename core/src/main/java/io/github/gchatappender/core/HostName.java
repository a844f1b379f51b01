package io.github.gchatappender.core;

import io.github.gchatappender.core.internal.InternalThreads;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * This machine's name for alerts. {@code HOSTNAME} when the environment has it; otherwise looked up
 * once on a thread of its own, since {@code InetAddress.getLocalHost()} can wait on DNS for seconds:
 * until the answer comes, alerts show no host rather than wait for it.
 */
final class HostName implements Supplier<String> {

    private final AtomicReference<String> name = new AtomicReference<>("");

    private HostName() {}

    static HostName resolve(InternalThreads threads) {
        HostName host = new HostName();
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            host.name.set(env.trim());
        } else {
            threads.newThread(() -> host.name.set(lookUp())).start();
        }
        return host;
    }

    private static String lookUp() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public String get() {
        return name.get();
    }
}
