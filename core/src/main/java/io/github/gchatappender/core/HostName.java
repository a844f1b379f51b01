package io.github.gchatappender.core;

import java.net.InetAddress;

/** This machine's name for alerts; looked up on the dispatcher thread, since it can wait on DNS. */
final class HostName {

    private HostName() {
    }

    static String resolve() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
