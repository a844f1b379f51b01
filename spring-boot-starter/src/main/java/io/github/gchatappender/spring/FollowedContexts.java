package io.github.gchatappender.spring;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The settings the starter attaches with again after each reconfiguration of a logging context,
 * per context: the latest, however many times Boot started an application in this JVM, and none
 * while Boot starts one again, whose own logging set-up ends in a fresh attachment. Contexts are
 * held weakly: a context gone takes its entry with it.
 *
 * @param <C> the logging framework's context
 */
final class FollowedContexts<C> {

    private final Map<C, StarterSettings> followed = new WeakHashMap<>();
    /** The settings of a paused context, kept in case Boot does not set logging up again after all. */
    private final Map<C, StarterSettings> paused = new WeakHashMap<>();

    /**
     * Follows {@code context} with {@code settings} from now on; true the first time, when the caller
     * registers its listener for the context's reconfigurations.
     */
    synchronized boolean follow(C context, StarterSettings settings) {
        boolean first = !followed.containsKey(context);
        followed.put(context, settings);
        paused.remove(context);
        return first;
    }

    /**
     * Stops attaching after reconfigurations while a Spring application starts: Boot's own would
     * otherwise get an appender with the previous application's settings before this one's are read.
     */
    synchronized void pause(C context) {
        StarterSettings current = followed.get(context);
        if (current != null) {
            paused.put(context, current);
            followed.put(context, null);
        }
    }

    /** Whether {@code context} was paused and has not been followed again since. */
    synchronized boolean isPaused(C context) {
        return paused.containsKey(context);
    }

    /**
     * Follows {@code context} again with the settings it had before {@link #pause}: for an application
     * that started while another still runs, where Boot keeps the logging system as it was.
     */
    synchronized void resume(C context) {
        StarterSettings before = paused.remove(context);
        if (before != null) {
            followed.put(context, before);
        }
    }

    /** The settings to attach with after a reconfiguration of {@code context}; null while paused or never followed. */
    synchronized StarterSettings settings(C context) {
        return followed.get(context);
    }
}
