package io.github.gchatappender.core;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Finds the webhook URL when the configuration leaves it out: {@value SenderSettings#WEBHOOK_URL_VARIABLE}
 * in the framework's own properties, then as a system property, then in the environment. A blank value
 * counts as unset at each step: {@code ${VAR:-}} in a configuration gives one.
 */
final class WebhookUrlLookup {

    private final UnaryOperator<String> frameworkProperties;
    private final UnaryOperator<String> environment;

    WebhookUrlLookup(UnaryOperator<String> frameworkProperties, UnaryOperator<String> environment) {
        this.frameworkProperties = frameworkProperties;
        this.environment = environment;
    }

    /** The URL found, or null. */
    String find() {
        for (UnaryOperator<String> source :
                List.<UnaryOperator<String>>of(frameworkProperties, System::getProperty, environment)) {
            String found = source.apply(SenderSettings.WEBHOOK_URL_VARIABLE);
            if (!TextSettings.isBlank(found)) {
                return found;
            }
        }
        return null;
    }
}
