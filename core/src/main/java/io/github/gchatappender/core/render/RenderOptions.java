package io.github.gchatappender.core.render;

import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.SenderSettings;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** What the renderer needs from the settings, plus the host name, which may arrive later. */
public final class RenderOptions {

    final AlertFormat format;
    final String applicationName;
    final String environment;
    final Supplier<String> hostName;
    final List<String> appPackages;
    final List<String> mdcKeys;
    final ZoneId timeZone;
    final List<String> mentions;
    final LinkTemplate linkTemplate;

    private RenderOptions(AlertFormat format, String applicationName, String environment, Supplier<String> hostName,
            List<String> appPackages, List<String> mdcKeys, ZoneId timeZone, List<String> mentions, LinkTemplate linkTemplate) {
        this.format = format;
        this.applicationName = applicationName;
        this.environment = environment;
        this.hostName = hostName;
        this.appPackages = appPackages;
        this.mdcKeys = mdcKeys;
        this.timeZone = timeZone;
        this.mentions = mentions;
        this.linkTemplate = linkTemplate;
    }

    public static RenderOptions of(SenderSettings s, Supplier<String> hostName) {
        return new RenderOptions(s.format(), s.applicationName(), s.environment(), hostName, s.appPackages(),
                s.mdcKeys(), s.timeZone(), s.mentions(), s.linkTemplate());
    }

    /** TEXT, UTC, no options: the defaults, with the given context. */
    public static RenderOptions defaults(String applicationName, String environment, String hostName) {
        return new RenderOptions(AlertFormat.TEXT, applicationName, environment, () -> hostName, Collections.emptyList(),
                Collections.emptyList(), ZoneOffset.UTC, Collections.emptyList(), null);
    }

    public RenderOptions withFormat(AlertFormat format) {
        return new RenderOptions(format, applicationName, environment, hostName, appPackages, mdcKeys, timeZone, mentions,
                linkTemplate);
    }

    public RenderOptions withAppPackages(List<String> appPackages) {
        return new RenderOptions(format, applicationName, environment, hostName, appPackages, mdcKeys, timeZone, mentions,
                linkTemplate);
    }

    public RenderOptions withMdcKeys(List<String> mdcKeys) {
        return new RenderOptions(format, applicationName, environment, hostName, appPackages, mdcKeys, timeZone, mentions,
                linkTemplate);
    }

    public RenderOptions withTimeZone(ZoneId timeZone) {
        return new RenderOptions(format, applicationName, environment, hostName, appPackages, mdcKeys, timeZone, mentions,
                linkTemplate);
    }

    public RenderOptions withMentions(List<String> mentions) {
        return new RenderOptions(format, applicationName, environment, hostName, appPackages, mdcKeys, timeZone, mentions,
                linkTemplate);
    }

    public RenderOptions withLinkTemplate(String linkTemplate) {
        return new RenderOptions(format, applicationName, environment, hostName, appPackages, mdcKeys, timeZone, mentions,
                linkTemplate == null ? null : LinkTemplate.parse(linkTemplate));
    }
}
