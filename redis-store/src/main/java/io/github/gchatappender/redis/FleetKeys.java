package io.github.gchatappender.redis;

/**
 * The Redis keys of one space: {@code gchat-appender:{spaces/AAAA}:quota}, {@code ...:incident:<thread
 * key>} and {@code ...:resolved:<thread key>}. The space in braces is a Redis Cluster hash tag: all keys
 * of a space live in one slot, so that one script may touch two of them. Every key expires on its own;
 * a space that goes quiet leaves nothing behind.
 */
final class FleetKeys {

    private static final String PREFIX = "gchat-appender:";

    private FleetKeys() {}

    /** The space's token bucket, Bucket4j's serialized state. */
    static String quota(String space) {
        return PREFIX + "{" + space + "}:quota";
    }

    /** Lives while some replica logged the thread's errors within the quiet period. */
    static String incident(String space, String threadKey) {
        return PREFIX + "{" + space + "}:incident:" + threadKey;
    }

    /** Set by the replica that posts the thread's resolved note, so that no other one does. */
    static String resolved(String space, String threadKey) {
        return PREFIX + "{" + space + "}:resolved:" + threadKey;
    }
}
