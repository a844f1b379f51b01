package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Open logs" link (setting {@code linkTemplate}), for example
 * {@code https://grafana.example.com/explore?traceId={mdc:traceId}}. Placeholders: {@code {mdc:KEY}},
 * {@code {logger}}, {@code {level}}, {@code {exception}} (class name), {@code {applicationName}},
 * {@code {environment}}. Every value is cut to {@value #MAX_VALUE_CHARS} characters and URL-encoded,
 * so log data can add neither a parameter nor a character that ends the link, nor make it huge; the
 * template itself is configuration, trusted and validated once.
 */
public final class LinkTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(?::([^}]*))?}");
    private static final List<String> NAMES =
            List.of("mdc", "logger", "level", "exception", "applicationName", "environment");
    /** Longest value put into a link, before encoding; a link is for finding logs, not for carrying them. */
    static final int MAX_VALUE_CHARS = 200;

    static final int MAX_TEMPLATE_CHARS = 2000;

    private final String template;

    private LinkTemplate(String template) {
        this.template = template;
    }

    /** @throws IllegalArgumentException whose message says what is wrong (to follow the setting's name) for a non-http(s) URL or an unknown placeholder */
    public static LinkTemplate parse(String template) {
        String t = template.trim();
        if (t.length() > MAX_TEMPLATE_CHARS) {
            throw new IllegalArgumentException("is longer than " + MAX_TEMPLATE_CHARS + " characters");
        }
        if (!(t.startsWith("https://") || t.startsWith("http://"))
                || t.indexOf('|') >= 0
                || t.indexOf('>') >= 0
                || t.indexOf('<') >= 0
                || t.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "must be an http(s) URL without spaces, '<', '>' or '|', was '" + t + "'");
        }
        Matcher m = PLACEHOLDER.matcher(t);
        while (m.find()) {
            boolean mdc = "mdc".equals(m.group(1));
            if (!NAMES.contains(m.group(1))
                    || mdc != (m.group(2) != null)
                    || (mdc && m.group(2).isEmpty())) {
                throw new IllegalArgumentException("has an unknown placeholder " + m.group()
                        + "; use {mdc:KEY}, {logger}, {level}, {exception}, {applicationName} or {environment}");
            }
        }
        return new LinkTemplate(t);
    }

    /** The link for {@code event}; a missing value becomes empty. */
    public String expand(AlertEvent event, String applicationName, String environment) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            encode(valueOf(m.group(1), m.group(2), event, applicationName, environment))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String valueOf(String name, String argument, AlertEvent event, String app, String env) {
        switch (name) {
            case "mdc":
                return event.mdc().get(argument);
            case "logger":
                return event.loggerName();
            case "level":
                return event.level();
            case "exception":
                return event.throwable() == null ? null : event.throwable().className();
            case "applicationName":
                return app;
            default:
                return env;
        }
    }

    private static String encode(String value) {
        return value == null
                ? ""
                : URLEncoder.encode(SafeCut.head(value, MAX_VALUE_CHARS), StandardCharsets.UTF_8)
                        .replace("+", "%20");
    }

    /** The keys this template reads from the MDC. */
    public List<String> mdcKeys() {
        List<String> keys = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if ("mdc".equals(m.group(1))) {
                keys.add(m.group(2));
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return template;
    }
}
