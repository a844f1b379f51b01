package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.RenderingSettings;
import java.time.ZoneId;
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

    /** All of them; {@link #of} for the sender, and the renderer's tests. */
    RenderOptions(
            AlertFormat format,
            String applicationName,
            String environment,
            Supplier<String> hostName,
            List<String> appPackages,
            List<String> mdcKeys,
            ZoneId timeZone,
            List<String> mentions,
            LinkTemplate linkTemplate) {
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

    public static RenderOptions of(RenderingSettings s, Supplier<String> hostName) {
        return new RenderOptions(
                s.format(),
                s.applicationName(),
                s.environment(),
                hostName,
                s.appPackages(),
                s.mdcKeys(),
                s.timeZone(),
                s.mentions(),
                s.linkTemplate() == null ? null : LinkTemplate.parse(s.linkTemplate()));
    }
}
