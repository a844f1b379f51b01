package io.github.gchatappender.core.internal;

/**
 * Google Chat's documented limits for a message posted to an incoming webhook, in one place: the
 * renderer caps what it writes to them, and the transport refuses a body above them rather than
 * let Chat answer 400. Sources: Google's
 * <a href="https://developers.google.com/workspace/chat/limits">usage limits</a> and the
 * <a href="https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages">message resource</a>.
 * The local stand-in for Google Chat states the same numbers on its own, so that a wrong one here
 * fails the tests instead of agreeing with itself.
 */
public final class GoogleChatLimits {

    /** Characters of a message's {@code text}; Chat answers 400 INVALID_ARGUMENT to more. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Bytes of a whole message, card included; Chat answers 400 INVALID_ARGUMENT to more. */
    public static final int MAX_MESSAGE_BYTES = 32_000;
    /** Messages per second per space, shared by every webhook and app posting there; Chat answers 429 to more. */
    public static final int MESSAGES_PER_SECOND_PER_SPACE = 1;

    private GoogleChatLimits() {}
}
