package io.github.gchatappender.logback;

import ch.qos.logback.classic.LoggerContext;

/** Logs one (A, IllegalStateException) error in a fresh JVM, to show thread keys survive restarts. */
public final class SecondJvmRun {

    private SecondJvmRun() {}

    public static void main(String[] args) {
        LoggerContext context = LogbackConfigs.configure("logback-gchat.xml", args[0]);
        context.getLogger("com.acme.A").error("from the second JVM", new IllegalStateException("again"));
        context.stop();
    }
}
