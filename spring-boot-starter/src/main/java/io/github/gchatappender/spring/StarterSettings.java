package io.github.gchatappender.spring;

import io.github.gchatappender.core.InvalidSettingException;
import io.github.gchatappender.core.SenderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The starter's properties, bound into the one {@link SenderSettings} that every appender the starter
 * attaches is handed, with the two settings that are the starter's or the adapters' own: the loggers
 * and the level. Building the settings is the check: a bad value stops the application at startup
 * with the property's name, as Boot does for any bad property.
 */
final class StarterSettings {

    /** The root logger's name in both frameworks' configurations, and in {@code google.chat.loggers}. */
    static final String ROOT = "ROOT";

    /** The levels {@code google.chat.level} takes on Log4j2, and when the framework is neither. */
    static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF");
    /** Logback's: it has no FATAL, and its appender would not start with it. */
    static final List<String> LOGBACK_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private final SenderSettings sender;
    private final String level;
    private final List<String> loggers;

    private StarterSettings(SenderSettings sender, String level, List<String> loggers) {
        this.sender = sender;
        this.level = level;
        this.loggers = loggers;
    }

    /**
     * @param framework the logging framework's name, for the message; null when it is neither Logback nor Log4j2
     * @param levels the levels that framework has
     * @throws InvalidPropertyException naming the property, never its value when it is the webhook URL, and
     *     the fleet store's only masked
     */
    static StarterSettings of(GoogleChatProperties properties, String framework, List<String> levels) {
        if (!levels.contains(properties.getLevel().trim().toUpperCase(Locale.ROOT))) {
            String level = properties.getLevel();
            throw new InvalidPropertyException(
                    "level",
                    (framework == null
                                    ? "is not a level: '" + level + "'"
                                    : "is not a " + framework + " level: '" + level + "'")
                            + " (use " + String.join(", ", levels.subList(0, levels.size() - 1)) + " or "
                            + levels.get(levels.size() - 1) + ")");
        }
        if (properties.getLoggers() == null || properties.getLoggers().stream().allMatch(String::isBlank)) {
            throw new InvalidPropertyException("loggers", "names no logger; leave it out for the root logger");
        }
        return new StarterSettings(
                senderSettings(properties), properties.getLevel(), List.copyOf(properties.getLoggers()));
    }

    /**
     * Each property of the core's settings, mapped once, here: lists are joined with commas, the core's
     * form; everything else goes as it is, durations with their full precision.
     */
    private static SenderSettings senderSettings(GoogleChatProperties properties) {
        try {
            return SenderSettings.builder()
                    .webhookUrl(properties.getWebhookUrl())
                    .applicationName(properties.getApplicationName())
                    .environment(properties.getEnvironment())
                    .format(properties.getFormat())
                    .mention(joined(properties.getMention()))
                    .linkTemplate(properties.getLinkTemplate())
                    .mdcKeys(joined(properties.getMdcKeys()))
                    .appPackages(joined(properties.getAppPackages()))
                    .batchWindow(properties.getBatchWindow())
                    .updateInterval(properties.getUpdateInterval())
                    .resolvedAfter(properties.getResolvedAfter())
                    .messagesPerSecond(properties.getMessagesPerSecond())
                    .queueSize(properties.getQueueSize())
                    .maxRetries(properties.getMaxRetries())
                    .connectTimeout(properties.getConnectTimeout())
                    .requestTimeout(properties.getRequestTimeout())
                    .shutdownTimeout(properties.getShutdownTimeout())
                    .timeZone(properties.getTimeZone())
                    .proxy(properties.getProxy())
                    .fleetStore(properties.getFleetStore())
                    .build();
        } catch (InvalidSettingException e) {
            throw new InvalidPropertyException(e.setting(), e.problem());
        }
    }

    /** The settings every appender the starter attaches runs with, renamed to the appender's name. */
    SenderSettings sender() {
        return sender;
    }

    /** {@code google.chat.level}, one of the framework's levels, for the adapter to parse. */
    String level() {
        return level;
    }

    /** {@code google.chat.loggers}, as listed: see {@link #outermost}. */
    List<String> loggers() {
        return loggers;
    }

    /**
     * The loggers to attach to: those listed, without any whose events reach another listed one (or
     * ROOT) anyway, through loggers that all pass their events on to their parents. Attached to both,
     * the appender would get each of their events twice. A logger with additivity off on the way keeps
     * its own attachment, or its events would not be sent at all.
     *
     * @param separators the characters between the levels of a logger name: {@code .} for Log4j2, and
     *     also {@code $} for Logback
     * @param additive whether the named logger passes its events on to its parent
     */
    static List<String> outermost(List<String> loggers, String separators, Predicate<String> additive) {
        List<String> names = loggers.stream()
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .distinct()
                .collect(Collectors.toList());
        boolean root = names.removeIf(StarterSettings::isRoot);
        List<String> attached = new ArrayList<>();
        if (root) {
            attached.add(ROOT);
        }
        for (String name : names) {
            if (!reachesListedAncestor(name, names, root, separators, additive)) {
                attached.add(name);
            }
        }
        return attached;
    }

    private static boolean reachesListedAncestor(
            String name, List<String> listed, boolean root, String separators, Predicate<String> additive) {
        String current = name;
        while (additive.test(current)) {
            int cut = -1;
            for (char separator : separators.toCharArray()) {
                cut = Math.max(cut, current.lastIndexOf(separator));
            }
            if (cut <= 0) {
                return root;
            }
            current = current.substring(0, cut);
            if (listed.contains(current)) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot(String logger) {
        return ROOT.equalsIgnoreCase(logger);
    }

    /** A list in the core's form: comma-separated; null when empty. */
    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** A bad {@code google.chat.*} value, by its property name. */
    static final class InvalidPropertyException extends IllegalStateException {
        private final String property;
        private final String problem;

        InvalidPropertyException(String setting, String problem) {
            super(GoogleChatProperties.PREFIX + "." + kebab(setting) + " " + problem);
            this.property = GoogleChatProperties.PREFIX + "." + kebab(setting);
            this.problem = problem;
        }

        String property() {
            return property;
        }

        String problem() {
            return problem;
        }

        /** {@code messagesPerSecond} → {@code messages-per-second}. */
        static String kebab(String setting) {
            StringBuilder out = new StringBuilder();
            for (char c : setting.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    out.append('-').append(Character.toLowerCase(c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
