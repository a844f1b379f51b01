package io.github.gchatappender.examples;

import java.io.IOException;

/**
 * Decides where a demo posts: to the real space named by {@code GOOGLE_CHAT_WEBHOOK_URL} when it is
 * set, otherwise to a {@link LocalChatServer} started here. The URL is handed to the appender through
 * the {@code GOOGLE_CHAT_WEBHOOK_URL} system property, which the appender reads when its
 * configuration leaves {@code webhookUrl} out.
 */
final class DemoWebhook implements AutoCloseable {

    private final LocalChatServer local;

    private DemoWebhook(LocalChatServer local) {
        this.local = local;
    }

    static DemoWebhook choose() throws IOException {
        String real = System.getenv("GOOGLE_CHAT_WEBHOOK_URL");
        if (real != null && !real.isBlank()) {
            System.out.println("Posting to the Google Chat space of GOOGLE_CHAT_WEBHOOK_URL.");
            return new DemoWebhook(null);
        }
        LocalChatServer local = LocalChatServer.start(System.out);
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", local.webhookUrl());
        System.out.println("GOOGLE_CHAT_WEBHOOK_URL is not set: posting to a local stand-in for Google Chat.");
        return new DemoWebhook(local);
    }

    void summary() {
        if (local != null) {
            System.out.println(local.threads().size() + " Chat threads, "
                    + local.threads().values().stream().mapToInt(java.util.List::size).sum() + " messages.");
        }
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }
}
