package io.github.gchatappender.log4j2;

import java.net.URISyntaxException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.impl.Log4jContextFactory;

/**
 * Configures Log4j2 from log4j2-gchat.xml (the URL comes from {@code -Dgchat.webhookUrl}), logs one
 * error and returns from main without stopping anything: only Log4j2's default shutdown hook can
 * flush it. Prints what decides whether Log4j2 registers that hook, and the appender's counts as
 * main returns.
 */
public final class DefaultShutdownHookRun {

    private DefaultShutdownHookRun() {}

    public static void main(String[] args) throws URISyntaxException {
        LoggerContext context = Configurator.initialize(
                "shutdown-hook",
                DefaultShutdownHookRun.class.getClassLoader(),
                DefaultShutdownHookRun.class.getResource("/log4j2-gchat.xml").toURI());
        context.getLogger("com.acme.A").error("logged just before main returns", new IllegalStateException("exit"));
        System.out.println("servlet API on the class path: "
                + (present("jakarta.servlet.Servlet") || present("javax.servlet.Servlet")));
        System.out.println("Log4j2 shutdown hook enabled: "
                + ((Log4jContextFactory) LogManager.getFactory()).isShutdownHookEnabled());
        System.out.println(
                "stats when main returns: " + Log4j2Configs.appender(context).getDeliveryStats());
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DefaultShutdownHookRun.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
