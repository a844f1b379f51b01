package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.event.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Chat thread an event belongs to: one thread per application, environment, logger and
 * exception class (events without a throwable form their own thread per logger).
 *
 * <p>A key reads {@code OrderService.IllegalStateException-5f0c2b8e91d4}: a readable prefix, then
 * 48 bits of the SHA-256 of the full identity. It depends on nothing but those four strings, so it
 * is the same after a restart and on every host, and it is short printable ASCII ({@code [A-Za-z0-9._-]},
 * at most {@value #MAX_KEY_CHARS} characters), well inside Chat's 4000.
 *
 * <p>Used by the dispatcher thread only; keys are cached, up to {@value #CACHE_SIZE} identities.
 */
public final class ThreadKeys {

    static final int MAX_KEY_CHARS = 64;
    private static final int MAX_PREFIX_CHARS = MAX_KEY_CHARS - 13;
    private static final int CACHE_SIZE = 4096;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String scope;
    /** Logger name, then exception class, to key: looked up without building a string per event. */
    private final Map<String, Map<String, String>> cache = new HashMap<>();

    private int cached;

    public ThreadKeys(String applicationName, String environment) {
        this.scope = nullToEmpty(applicationName) + '\n' + nullToEmpty(environment);
    }

    /** The Chat thread of digests: one per application and environment, like every other key. */
    public String digestKey() {
        return "digest-" + hash(scope + "\ndigest");
    }

    public String keyFor(AlertEvent event) {
        String exceptionClass =
                event.throwable() == null ? "" : event.throwable().className();
        Map<String, String> byException = cache.get(event.loggerName());
        String key = byException == null ? null : byException.get(exceptionClass);
        if (key == null) {
            if (cached == CACHE_SIZE) {
                cache.clear();
                cached = 0;
            }
            String identity = scope + '\n' + event.loggerName() + '\n' + exceptionClass;
            key = prefix(event.loggerName(), exceptionClass) + '-' + hash(identity);
            cache.computeIfAbsent(event.loggerName(), k -> new HashMap<>()).put(exceptionClass, key);
            cached++;
        }
        return key;
    }

    private static String prefix(String loggerName, String exceptionClass) {
        String readable = lastSegment(loggerName);
        if (!exceptionClass.isEmpty()) {
            readable += '.' + lastSegment(exceptionClass);
        }
        StringBuilder out = new StringBuilder(readable.length());
        for (int i = 0; i < readable.length() && out.length() < MAX_PREFIX_CHARS; i++) {
            char c = readable.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            out.append(safe ? c : '_');
        }
        return out.length() == 0 ? "log" : out.toString();
    }

    private static String lastSegment(String name) {
        int dot = name.lastIndexOf('.', name.length() - 2);
        return dot < 0 ? name : name.substring(dot + 1);
    }

    private static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            char[] out = new char[12];
            for (int i = 0; i < 6; i++) {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
