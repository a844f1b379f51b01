package io.github.gchatappender.core;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Finds a setting that the configuration leaves out, by its variable's name
 * ({@value SenderSettings#WEBHOOK_URL_VARIABLE}, {@value SenderSettings#FLEET_STORE_VARIABLE}): in the
 * framework's own properties, then as a system property, then in the environment. A blank value counts
 * as unset at each step: {@code ${VAR:-}} in a configuration gives one.
 */
final class VariableLookup {

    private final UnaryOperator<String> frameworkProperties;
    private final UnaryOperator<String> environment;

    VariableLookup(UnaryOperator<String> frameworkProperties, UnaryOperator<String> environment) {
        this.frameworkProperties = frameworkProperties;
        this.environment = environment;
    }

    /** The value found for {@code variable}, or null. */
    String find(String variable) {
        for (UnaryOperator<String> source :
                List.<UnaryOperator<String>>of(frameworkProperties, System::getProperty, environment)) {
            String found = source.apply(variable);
            if (!TextSettings.isBlank(found)) {
                return found;
            }
        }
        return null;
    }
}
