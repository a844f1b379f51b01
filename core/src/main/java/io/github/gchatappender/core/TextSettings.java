package io.github.gchatappender.core;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the settings written as text in {@code logback.xml}, {@code log4j2.xml} and Boot's properties:
 * the format, the zone, comma-separated lists and mentions. Blank means unset. Durations are
 * {@link DurationSetting}'s, the proxy is {@link ProxySetting}'s.
 */
final class TextSettings {

    private static final Pattern MENTION = Pattern.compile("users/(all|[A-Za-z0-9._%+@-]+)");

    private TextSettings() {}

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static String blankToNull(String s) {
        return isBlank(s) ? null : s.trim();
    }

    static AlertFormat format(String text) {
        if (isBlank(text)) {
            return AlertFormat.TEXT;
        }
        try {
            return AlertFormat.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("format", "must be TEXT or CARD, was '" + text + "'");
        }
    }

    static ZoneId zone(String text) {
        if (isBlank(text)) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new InvalidSettingException(
                    "timeZone",
                    "is not a zone id or offset: '" + text + "' (write for example UTC, Europe/Berlin or +01:00)");
        }
    }

    static List<String> mentions(String text) {
        List<String> parsed = list(text);
        for (String mention : parsed) {
            if (!MENTION.matcher(mention).matches()) {
                throw new InvalidSettingException("mention", "must be users/all or users/<id>, was '" + mention + "'");
            }
        }
        return parsed;
    }

    /** Comma-separated items, trimmed, without blanks; empty when the text is blank. */
    static List<String> list(String commaSeparated) {
        if (isBlank(commaSeparated)) {
            return Collections.emptyList();
        }
        List<String> items = new ArrayList<>();
        for (String item : commaSeparated.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }
}
