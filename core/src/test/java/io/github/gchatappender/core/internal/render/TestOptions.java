package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.AlertFormat;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * Render options for the renderer's tests: the defaults (TEXT, UTC, nothing optional) with a given
 * application, environment and host, changed one setting at a time. Each {@code with*} returns a
 * changed copy. The sender builds its options from {@code SenderSettings} instead
 * ({@link RenderOptions#of}).
 */
final class TestOptions {

    private final String applicationName;
    private final String environment;
    private final String hostName;
    private AlertFormat format = AlertFormat.TEXT;
    private List<String> appPackages = List.of();
    private List<String> mdcKeys = List.of();
    private ZoneId timeZone = ZoneOffset.UTC;
    private List<String> mentions = List.of();
    private String linkTemplate;

    private TestOptions(String applicationName, String environment, String hostName) {
        this.applicationName = applicationName;
        this.environment = environment;
        this.hostName = hostName;
    }

    static TestOptions defaults(String applicationName, String environment, String hostName) {
        return new TestOptions(applicationName, environment, hostName);
    }

    /** A renderer with the defaults. */
    static MessageRenderer renderer(String applicationName, String environment, String hostName) {
        return renderer(defaults(applicationName, environment, hostName));
    }

    static MessageRenderer renderer(TestOptions options) {
        return new MessageRenderer(options.options());
    }

    RenderOptions options() {
        return new RenderOptions(
                format,
                applicationName,
                environment,
                () -> hostName,
                appPackages,
                mdcKeys,
                timeZone,
                mentions,
                linkTemplate == null ? null : LinkTemplate.parse(linkTemplate));
    }

    TestOptions withFormat(AlertFormat format) {
        return changed(copy -> copy.format = format);
    }

    TestOptions withAppPackages(List<String> appPackages) {
        return changed(copy -> copy.appPackages = appPackages);
    }

    TestOptions withMdcKeys(List<String> mdcKeys) {
        return changed(copy -> copy.mdcKeys = mdcKeys);
    }

    TestOptions withTimeZone(ZoneId timeZone) {
        return changed(copy -> copy.timeZone = timeZone);
    }

    TestOptions withMentions(List<String> mentions) {
        return changed(copy -> copy.mentions = mentions);
    }

    TestOptions withLinkTemplate(String linkTemplate) {
        return changed(copy -> copy.linkTemplate = linkTemplate);
    }

    private TestOptions changed(Consumer<TestOptions> change) {
        TestOptions copy = new TestOptions(applicationName, environment, hostName);
        copy.format = format;
        copy.appPackages = appPackages;
        copy.mdcKeys = mdcKeys;
        copy.timeZone = timeZone;
        copy.mentions = mentions;
        copy.linkTemplate = linkTemplate;
        change.accept(copy);
        return copy;
    }
}
