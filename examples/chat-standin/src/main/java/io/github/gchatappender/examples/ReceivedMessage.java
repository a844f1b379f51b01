package io.github.gchatappender.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A message {@link LocalChatServer} accepted: the body as sent, where Chat put it, and when. */
final class ReceivedMessage {

    /** {@code spaces/S/messages/M}. */
    final String name;
    /** {@code spaces/S/threads/T}. */
    final String threadName;
    /** The thread's key, or null when the thread was started without one (or the key was ignored). */
    final String threadKey;
    /** 1 for the message that started the thread, 2 for the first reply, and so on. */
    final int position;
    /** The request body; never modified. */
    final ObjectNode body;
    /** The message as the console shows it. */
    final String consoleText;

    final Instant received;

    ReceivedMessage(
            String name,
            String threadName,
            String threadKey,
            int position,
            ObjectNode body,
            String consoleText,
            Instant received) {
        this.name = name;
        this.threadName = threadName;
        this.threadKey = threadKey;
        this.position = position;
        this.body = body;
        this.consoleText = consoleText;
        this.received = received;
    }

    /** What the console and {@link LocalChatServer#threads()} call the thread: its key, else its name. */
    String threadLabel() {
        return threadKey != null ? threadKey : threadName;
    }
}
