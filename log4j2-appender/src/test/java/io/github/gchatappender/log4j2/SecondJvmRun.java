package io.github.gchatappender.log4j2;

import org.apache.logging.log4j.core.LoggerContext;

/** Logs one (A, IllegalStateException) error in a fresh JVM, to show thread keys survive restarts. */
public final class SecondJvmRun {

    private SecondJvmRun() {}

    public static void main(String[] args) {
        LoggerContext context = Log4j2Configs.start("log4j2-gchat.xml", args[0]);
        context.getLogger("com.acme.A").error("from the second JVM", new IllegalStateException("again"));
        context.stop();
    }
}
