package io.github.gchatappender.spring;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The appenders the starter made, recognised by identity, never by name: a configuration file may give
 * any appender the name the starter uses (the README's own examples do, for Google Chat appenders of the
 * user's). Held weakly: an appender gone takes its entry with it.
 */
final class OwnAppenders {

    // Weak keys compare with equals, which appenders do not override: identity.
    private final Set<Object> made = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    void add(Object appender) {
        made.add(appender);
    }

    boolean contains(Object appender) {
        return made.contains(appender);
    }
}
