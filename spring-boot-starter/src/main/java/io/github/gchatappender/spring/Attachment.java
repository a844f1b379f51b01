package io.github.gchatappender.spring;

import java.util.List;

/**
 * How the starter attaches the Google Chat appender to one logging framework: Logback's or Log4j2's.
 * An implementation uses its framework's classes, and is only loaded when they are present (see
 * {@link AttachedAppenders#active()}).
 */
interface Attachment {

    /** Whether Boot runs this framework. */
    boolean isActive();

    /** The framework's name, for messages. */
    String displayName();

    /** The name the starter gives its appender unless one is taken. */
    String appenderName();

    /** What {@code google.chat.level} may be: the framework's own levels, which its appender parses. */
    List<String> levels();

    /** The Google Chat appenders in the logging system now, from the starter or from XML, by name, with their counts. */
    List<AttachedAppender> appenders();

    /**
     * Builds, starts and attaches an appender with these settings, now and after each reconfiguration.
     *
     * @return the appender's name, or null if it did not start (it reported why)
     */
    String attach(StarterSettings settings);

    /** Stops attaching after reconfigurations until the starting application's properties are read. */
    void pause();

    /** Whether the appender attached before a pause is still there; if so, it is followed again. */
    boolean keptOwnAppender();
}
