package io.github.gchatappender.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Logback writes them ({@code 10 seconds}, {@code 500 ms},
 * {@code 2 minutes}, a bare number of milliseconds) and as ISO-8601 ({@code PT10S}), so that both
 * frameworks' configurations accept the same values. Used by {@link SenderSettings.Builder}.
 */
final class DurationSetting {

    private static final Pattern AMOUNT_AND_UNIT =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(|ms|milli|millis|millisecond|milliseconds|s|sec|second|seconds"
                    + "|m|min|minute|minutes|h|hour|hours|d|day|days)");

    private DurationSetting() {}

    /** @throws InvalidSettingException naming {@code setting} when {@code value} is not a duration */
    static Duration parse(String setting, String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(setting, value);
            }
        }
        Matcher m = AMOUNT_AND_UNIT.matcher(text);
        if (!m.matches()) {
            throw invalid(setting, value);
        }
        double amount = Double.parseDouble(m.group(1));
        return Duration.ofNanos(Math.round(amount * nanosPer(m.group(2))));
    }

    private static double nanosPer(String unit) {
        switch (unit) {
            case "s":
            case "sec":
            case "second":
            case "seconds":
                return 1e9;
            case "m":
            case "min":
            case "minute":
            case "minutes":
                return 60e9;
            case "h":
            case "hour":
            case "hours":
                return 3600e9;
            case "d":
            case "day":
            case "days":
                return 86400e9;
            default:
                return 1e6;
        }
    }

    private static InvalidSettingException invalid(String setting, String value) {
        return new InvalidSettingException(
                setting, "is not a duration: '" + value + "' (write for example '10 seconds', '500 ms' or 'PT10S')");
    }
}
