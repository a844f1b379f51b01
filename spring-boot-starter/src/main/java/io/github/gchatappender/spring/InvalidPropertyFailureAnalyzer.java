package io.github.gchatappender.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which {@code google.chat.*} property to fix when the starter refused one, as Boot does for
 * any bad property. The problem is the core's own wording, which never quotes the URL's key or token.
 */
public final class InvalidPropertyFailureAnalyzer
        extends AbstractFailureAnalyzer<StarterSettings.InvalidPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StarterSettings.InvalidPropertyException cause) {
        return new FailureAnalysis(
                "The Google Chat appender's property " + cause.property() + " " + cause.problem() + ".",
                "Fix " + cause.property() + " (in application.properties, or its environment variable), or set"
                        + " google.chat.enabled=false.",
                cause);
    }
}
