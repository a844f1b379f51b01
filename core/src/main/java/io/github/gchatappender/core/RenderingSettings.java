package io.github.gchatappender.core;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * How alerts look and what they show: part of {@link SenderSettings}, checked when it was built. Plain
 * values only, so that the engine can take them without depending on the settings' parsing.
 */
public final class RenderingSettings {

    private final String applicationName;
    private final String environment;
    private final AlertFormat format;
    private final List<String> appPackages;
    private final List<String> mdcKeys;
    private final ZoneId timeZone;
    private final List<String> mentions;
    private final String linkTemplate;
    private final Set<String> keptMdcKeys;

    RenderingSettings(
            String applicationName,
            String environment,
            AlertFormat format,
            List<String> appPackages,
            List<String> mdcKeys,
            ZoneId timeZone,
            List<String> mentions,
            String linkTemplate,
            Set<String> keptMdcKeys) {
        this.applicationName = applicationName;
        this.environment = environment;
        this.format = format;
        this.appPackages = appPackages;
        this.mdcKeys = mdcKeys;
        this.timeZone = timeZone;
        this.mentions = mentions;
        this.linkTemplate = linkTemplate;
        this.keptMdcKeys = keptMdcKeys;
    }

    /** Shown in every alert and part of the thread key; null when not set. */
    public String applicationName() {
        return applicationName;
    }

    /** Shown in every alert and part of the thread key; null when not set. */
    public String environment() {
        return environment;
    }

    public AlertFormat format() {
        return format;
    }

    /** Package prefixes of the application's own code, whose frames a trimmed stack trace keeps first. */
    public List<String> appPackages() {
        return appPackages;
    }

    /** MDC keys shown in alerts; none by default, since the MDC may hold personal data. */
    public List<String> mdcKeys() {
        return mdcKeys;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    /** Who the first message of each Chat thread mentions, as {@code users/all} or {@code users/<id>}. */
    public List<String> mentions() {
        return mentions;
    }

    /** The "Open logs" link's template, checked when the settings were built; null when not set. */
    public String linkTemplate() {
        return linkTemplate;
    }

    /**
     * The MDC keys that alerts read: {@code mdcKeys} and the {@code linkTemplate}'s {@code {mdc:KEY}}
     * placeholders. An event's copy keeps these first, so that a larger MDC never loses them.
     */
    public Set<String> keptMdcKeys() {
        return keptMdcKeys;
    }

    @Override
    public String toString() {
        return "applicationName=" + applicationName + ", environment=" + environment + ", format=" + format
                + ", appPackages=" + appPackages + ", mdcKeys=" + mdcKeys + ", timeZone=" + timeZone
                + ", mentions=" + mentions + ", linkTemplate=" + linkTemplate;
    }
}
