package io.github.gchatappender.spring;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The properties the starter attaches with again after each reconfiguration of a logging context,
 * per context: the latest, however many times Boot started an application in this JVM, and none
 * while Boot starts one again, whose own logging set-up ends in a fresh attachment. Contexts are
 * held weakly: a context gone takes its entry with it.
 *
 * @param <C> the logging framework's context
 */
final class FollowedContexts<C> {

    private final Map<C, GoogleChatProperties> followed = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Follows {@code context} with {@code properties} from now on; true the first time, when the caller
     * registers its listener for the context's reconfigurations.
     */
    boolean follow(C context, GoogleChatProperties properties) {
        synchronized (followed) {
            boolean first = !followed.containsKey(context);
            followed.put(context, properties);
            return first;
        }
    }

    /**
     * Stops attaching after reconfigurations while a Spring application starts: Boot's own would
     * otherwise get an appender with the previous application's settings before this one's are read.
     */
    void pause(C context) {
        synchronized (followed) {
            if (followed.containsKey(context)) {
                followed.put(context, null);
            }
        }
    }

    /** The properties to attach with after a reconfiguration of {@code context}; null while paused or never followed. */
    GoogleChatProperties properties(C context) {
        return followed.get(context);
    }
}
