package io.github.gchatappender.core.report;

/**
 * Whether alerts are getting through, as of now: for health checks (Spring Boot Actuator's
 * {@code googleChat} indicator reads it). Never holds the webhook's key or token.
 *
 * <ul>
 *   <li>{@link Status#REJECTED} while the webhook is rejected (401, 403 or 404, until a message is
 *       accepted again): nothing gets through until its URL is fixed;</li>
 *   <li>{@link Status#DROPPING} while events were dropped in the last minute (queue full, retries
 *       spent, too many kinds): some alerts are lost;</li>
 *   <li>{@link Status#UP} otherwise, also before anything was sent.</li>
 * </ul>
 */
public final class ChannelHealth {

    /** How recent a drop keeps the channel {@link Status#DROPPING}. */
    public static final long DROPPING_WINDOW_MILLIS = 60_000;

    /** The channel's state; the worst that applies. */
    public enum Status {
        UP,
        DROPPING,
        REJECTED
    }

    private final String rejection;
    private final long lastDropMillis;
    private final long nowMillis;

    /**
     * @param rejection      why the webhook is rejected (masked), or null
     * @param lastDropMillis when events were last dropped (epoch milliseconds), or 0
     * @param nowMillis      the time this snapshot was taken
     */
    public ChannelHealth(String rejection, long lastDropMillis, long nowMillis) {
        this.rejection = rejection;
        this.lastDropMillis = lastDropMillis;
        this.nowMillis = nowMillis;
    }

    public Status status() {
        if (rejection != null) {
            return Status.REJECTED;
        }
        return lastDropMillis > 0 && nowMillis - lastDropMillis < DROPPING_WINDOW_MILLIS ? Status.DROPPING : Status.UP;
    }

    /** Why the webhook is rejected, as Google said it, masked; null unless {@link Status#REJECTED}. */
    public String rejection() {
        return rejection;
    }

    /** When events were last dropped, in epoch milliseconds; 0 if never. */
    public long lastDropMillis() {
        return lastDropMillis;
    }

    @Override
    public String toString() {
        return "ChannelHealth{" + status() + (rejection == null ? "" : ": " + rejection) + '}';
    }
}
