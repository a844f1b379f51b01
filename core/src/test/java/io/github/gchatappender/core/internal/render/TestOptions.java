package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.AlertFormat;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

/**
 * Render options for the renderer's tests: the defaults (TEXT, UTC, nothing optional) with a given
 * application, environment and host, changed one setting at a time. The sender builds its options
 * from {@code SenderSettings} instead ({@link RenderOptions#of}).
 */
final class TestOptions {

    private final RenderOptions options;

    private TestOptions(RenderOptions options) {
        this.options = options;
    }

    static TestOptions defaults(String applicationName, String environment, String hostName) {
        return new TestOptions(new RenderOptions(
                AlertFormat.TEXT,
                applicationName,
                environment,
                () -> hostName,
                Collections.emptyList(),
                Collections.emptyList(),
                ZoneOffset.UTC,
                Collections.emptyList(),
                null));
    }

    /** A renderer with the defaults. */
    static MessageRenderer renderer(String applicationName, String environment, String hostName) {
        return renderer(defaults(applicationName, environment, hostName));
    }

    static MessageRenderer renderer(TestOptions options) {
        return new MessageRenderer(options.options);
    }

    RenderOptions options() {
        return options;
    }

    TestOptions withFormat(AlertFormat format) {
        RenderOptions o = options;
        return new TestOptions(new RenderOptions(
                format,
                o.applicationName,
                o.environment,
                o.hostName,
                o.appPackages,
                o.mdcKeys,
                o.timeZone,
                o.mentions,
                o.linkTemplate));
    }

    TestOptions withAppPackages(List<String> appPackages) {
        RenderOptions o = options;
        return new TestOptions(new RenderOptions(
                o.format,
                o.applicationName,
                o.environment,
                o.hostName,
                appPackages,
                o.mdcKeys,
                o.timeZone,
                o.mentions,
                o.linkTemplate));
    }

    TestOptions withMdcKeys(List<String> mdcKeys) {
        RenderOptions o = options;
        return new TestOptions(new RenderOptions(
                o.format,
                o.applicationName,
                o.environment,
                o.hostName,
                o.appPackages,
                mdcKeys,
                o.timeZone,
                o.mentions,
                o.linkTemplate));
    }

    TestOptions withTimeZone(ZoneId timeZone) {
        RenderOptions o = options;
        return new TestOptions(new RenderOptions(
                o.format,
                o.applicationName,
                o.environment,
                o.hostName,
                o.appPackages,
                o.mdcKeys,
                timeZone,
                o.mentions,
                o.linkTemplate));
    }

    TestOptions withMentions(List<String> mentions) {
        RenderOptions o = options;
        return new TestOptions(new RenderOptions(
                o.format,
                o.applicationName,
                o.environment,
                o.hostName,
                o.appPackages,
                o.mdcKeys,
                o.timeZone,
                mentions,
                o.linkTemplate));
    }

    TestOptions withLinkTemplate(String linkTemplate) {
        RenderOptions o = options;
        return new TestOptions(new RenderOptions(
                o.format,
                o.applicationName,
                o.environment,
                o.hostName,
                o.appPackages,
                o.mdcKeys,
                o.timeZone,
                o.mentions,
                linkTemplate == null ? null : LinkTemplate.parse(linkTemplate)));
    }
}
