package io.github.gchatappender.spring;

import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Attaches the Google Chat appender as soon as Boot has initialised its logging system: right after
 * Boot's {@link LoggingApplicationListener}, on {@link ApplicationEnvironmentPreparedEvent}, before
 * any bean exists. So a failure to start (a bean that throws, a database that is down) is logged
 * while the appender listens, and delivered before the JVM exits: Boot's logging shutdown hook
 * stops the logging system, and with it the appender, which flushes.
 *
 * <ul>
 *   <li><b>Without a URL</b> ({@code google.chat.webhook-url}, or {@code GOOGLE_CHAT_WEBHOOK_URL}),
 *       or with {@code google.chat.enabled=false}, nothing is attached; the first case says so in
 *       one WARN line, and the application starts.</li>
 *   <li><b>With XML too</b>: if the logging configuration already holds a Google Chat appender,
 *       the starter adds none and says so in one INFO line.</li>
 *   <li><b>A bad value</b> stops the application with a failure analysis that names the property
 *       ({@link InvalidPropertyFailureAnalyzer}), never the URL's key or token.</li>
 * </ul>
 * Registered in {@code META-INF/spring.factories}, since no application context exists yet.
 */
public final class GoogleChatLoggingListener implements GenericApplicationListener {

    /** Right after Boot's own logging listener, which initialises the logging system at this event. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

    private static final Log LOG = LogFactory.getLog(GoogleChatLoggingListener.class);
    private static final ClassLoader LOADER = GoogleChatLoggingListener.class.getClassLoader();

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null
                && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                        || ApplicationStartingEvent.class.isAssignableFrom(type));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationStartingEvent) {
            // A second application in this JVM: Boot sets logging up again, and this listener follows.
            LoggingFramework framework = LoggingFramework.active();
            if (framework != null) {
                framework.pause();
            }
            return;
        }
        ConfigurableEnvironment environment = ((ApplicationEnvironmentPreparedEvent) event).getEnvironment();
        LoggingFramework framework = LoggingFramework.active();
        // An application that starts while another runs: Boot keeps the logging system as it was, and
        // with it the appender attached for the other, which is followed again as before.
        if (framework != null && framework.keptOwnAppender()) {
            return;
        }
        GoogleChatProperties properties = Binder.get(environment)
                .bind(GoogleChatProperties.PREFIX, GoogleChatProperties.class)
                .orElseGet(GoogleChatProperties::new);
        if (!properties.isEnabled()) {
            return;
        }
        if (properties.getWebhookUrl() == null || properties.getWebhookUrl().isBlank()) {
            LOG.warn("No Google Chat alerts: google.chat.webhook-url is not set (nor GOOGLE_CHAT_WEBHOOK_URL)");
            return;
        }
        withBootDefaults(properties, environment);
        if (framework == null) {
            StarterSettings.check(properties, null, StarterSettings.LEVELS);
            LOG.warn("No Google Chat alerts: the logging system is neither Logback nor Log4j2");
            return;
        }
        StarterSettings.check(properties, framework.displayName, framework.levels);
        List<AttachedAppender> existing = framework.appenders();
        if (!existing.isEmpty()) {
            LOG.info("The logging configuration already has a Google Chat appender ('"
                    + existing.get(0).name() + "'); google.chat.* adds none");
            return;
        }
        String attached = framework.attach(properties);
        if (attached == null) {
            // The appender reported why through the framework's status channel; the properties passed our checks.
            LOG.warn("No Google Chat alerts: the appender did not start; see the logging system's status output");
        } else if (!attached.equals(framework.appenderName)) {
            LOG.info("The logging configuration has an appender named '" + framework.appenderName
                    + "' that is not a Google Chat appender; google.chat.* attaches one named '" + attached + "'");
        }
    }

    /** {@code application-name} from {@code spring.application.name}, {@code environment} from the active profiles. */
    private static void withBootDefaults(GoogleChatProperties properties, ConfigurableEnvironment environment) {
        if (properties.getApplicationName() == null) {
            properties.setApplicationName(environment.getProperty("spring.application.name"));
        }
        if (properties.getEnvironment() == null && environment.getActiveProfiles().length > 0) {
            properties.setEnvironment(String.join(",", environment.getActiveProfiles()));
        }
    }

    /** The logging framework Boot runs, of those the appender supports; its classes load only when present. */
    enum LoggingFramework {
        LOGBACK(
                "ch.qos.logback.classic.LoggerContext",
                "Logback",
                LogbackAttachment.NAME,
                StarterSettings.LOGBACK_LEVELS) {
            @Override
            boolean isActive() {
                return LogbackAttachment.isActive();
            }

            @Override
            List<AttachedAppender> appenders() {
                return LogbackAttachment.appenders();
            }

            @Override
            String attach(GoogleChatProperties properties) {
                return LogbackAttachment.attach(properties);
            }

            @Override
            void pause() {
                LogbackAttachment.pause();
            }

            @Override
            boolean keptOwnAppender() {
                return LogbackAttachment.keptOwnAppender();
            }
        },
        LOG4J2("org.apache.logging.log4j.core.LoggerContext", "Log4j2", Log4j2Attachment.NAME, StarterSettings.LEVELS) {
            @Override
            boolean isActive() {
                return Log4j2Attachment.isActive();
            }

            @Override
            List<AttachedAppender> appenders() {
                return Log4j2Attachment.appenders();
            }

            @Override
            String attach(GoogleChatProperties properties) {
                return Log4j2Attachment.attach(properties);
            }

            @Override
            void pause() {
                Log4j2Attachment.pause();
            }

            @Override
            boolean keptOwnAppender() {
                return Log4j2Attachment.keptOwnAppender();
            }
        };

        private final String marker;
        final String displayName;
        /** The name the starter gives its appender unless one is taken (a constant: inlined, it loads no class). */
        final String appenderName;
        /** What {@code google.chat.level} may be: the framework's own levels, which its appender parses. */
        final List<String> levels;

        LoggingFramework(String marker, String displayName, String appenderName, List<String> levels) {
            this.marker = marker;
            this.displayName = displayName;
            this.appenderName = appenderName;
            this.levels = levels;
        }

        abstract boolean isActive();

        abstract List<AttachedAppender> appenders();

        /** Attaches an appender; returns its name, or null if it did not start. */
        abstract String attach(GoogleChatProperties properties);

        /** Stops attaching after reconfigurations until the starting application's properties are read. */
        abstract void pause();

        /** Whether the appender attached before a pause is still there; if so, it is followed again. */
        abstract boolean keptOwnAppender();

        /** The framework in use, or null. */
        static LoggingFramework active() {
            for (LoggingFramework framework : values()) {
                if (ClassUtils.isPresent(framework.marker, LOADER) && framework.isActive()) {
                    return framework;
                }
            }
            return null;
        }
    }
}
