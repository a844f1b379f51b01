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
            Attachment attachment = AttachedAppenders.active();
            if (attachment != null) {
                attachment.pause();
            }
            return;
        }
        ConfigurableEnvironment environment = ((ApplicationEnvironmentPreparedEvent) event).getEnvironment();
        Attachment attachment = AttachedAppenders.active();
        // An application that starts while another runs: Boot keeps the logging system as it was, and
        // with it the appender attached for the other, which is followed again as before.
        if (attachment != null && attachment.keptOwnAppender()) {
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
        if (attachment == null) {
            StarterSettings.of(properties, null, StarterSettings.LEVELS);
            LOG.warn("No Google Chat alerts: the logging system is neither Logback nor Log4j2");
            return;
        }
        StarterSettings settings = StarterSettings.of(properties, attachment.displayName(), attachment.levels());
        List<AttachedAppender> existing = attachment.appenders();
        if (!existing.isEmpty()) {
            LOG.info("The logging configuration already has a Google Chat appender ('"
                    + existing.get(0).name() + "'); google.chat.* adds none");
            return;
        }
        String attached = attachment.attach(settings);
        if (attached == null) {
            // The appender reported why through the framework's status channel; the settings passed our checks.
            LOG.warn("No Google Chat alerts: the appender did not start; see the logging system's status output");
        } else if (!attached.equals(attachment.appenderName())) {
            LOG.info("The logging configuration has an appender named '" + attachment.appenderName()
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
}
