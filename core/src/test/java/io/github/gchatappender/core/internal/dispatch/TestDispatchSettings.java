package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.internal.transport.WebhookUrl;

/** What the engine's own tests hand a dispatcher: the settings' sections, as {@code GoogleChatSender} gathers them. */
final class TestDispatchSettings {

    private TestDispatchSettings() {}

    static DispatchSettings of(SenderSettings settings, RetryTimings retry) {
        return new DispatchSettings(
                settings.rendering(),
                settings.delivery(),
                settings.transport().requestTimeout(),
                WebhookUrl.parse(settings.transport().webhookUrl()),
                retry);
    }
}
