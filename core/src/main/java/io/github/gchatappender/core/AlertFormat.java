package io.github.gchatappender.core;

/** How an alert is written to Google Chat (setting {@code format}). */
public enum AlertFormat {
    /** Chat text syntax: bold, a code block for the stack trace; what notifications show, in full. */
    TEXT,
    /** A card ({@code cardsV2}) with a header, sections and an "Open logs" button; {@code fallbackText} for notifications. */
    CARD
}
