package io.github.gchatappender.logback;

import ch.qos.logback.classic.LoggerContext;

/**
 * Configures Logback from {@code args[0]} with {@code args[1]} as the webhook URL, logs one error and
 * returns from main without stopping the context, the way an application that simply exits does.
 * Prints the appender's counts as main returns, for the test to show what was still pending.
 */
public final class ReturnWithoutStopRun {

    private ReturnWithoutStopRun() {}

    public static void main(String[] args) {
        LoggerContext context = LogbackConfigs.configure(args[0], args[1]);
        context.getLogger("com.acme.A").error("logged just before main returns", new IllegalStateException("exit"));
        System.out.println(
                "stats when main returns: " + LogbackConfigs.appender(context).getDeliveryStats());
    }
}
