package io.github.gchatappender.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.util.ClassUtils;

/**
 * The Google Chat appenders of the logging framework in use, and the {@link Attachment} for it. Each
 * framework's attachment is made once, and only if the framework's classes are present: its class, which
 * uses them, is never loaded otherwise.
 */
final class AttachedAppenders {

    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";
    private static final String LOG4J2 = "org.apache.logging.log4j.core.LoggerContext";

    private AttachedAppenders() {}

    /** The Google Chat appenders in the logging system now; none when it is neither Logback nor Log4j2. */
    static List<AttachedAppender> current() {
        Attachment attachment = active();
        return attachment == null ? List.of() : attachment.appenders();
    }

    /** The attachment for the framework Boot runs, or null when it is neither Logback nor Log4j2. */
    static Attachment active() {
        for (Attachment attachment : Present.ATTACHMENTS) {
            // Asked each time: which framework runs is known only once SLF4J or Log4j2 has initialised.
            if (attachment.isActive()) {
                return attachment;
            }
        }
        return null;
    }

    /** Made on first use, when Boot's logging system is being set up. */
    private static final class Present {
        static final List<Attachment> ATTACHMENTS = present();

        private static List<Attachment> present() {
            ClassLoader loader = AttachedAppenders.class.getClassLoader();
            List<Attachment> present = new ArrayList<>(2);
            if (ClassUtils.isPresent(LOGBACK, loader)) {
                present.add(new LogbackAttachment());
            }
            if (ClassUtils.isPresent(LOG4J2, loader)) {
                present.add(new Log4j2Attachment());
            }
            return List.copyOf(present);
        }
    }
}
