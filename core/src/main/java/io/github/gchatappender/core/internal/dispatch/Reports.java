package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.status.StatusThrottle;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;

/**
 * Where the dispatcher and its helpers write status lines: a fixed kind (so that the throttle groups
 * repeats and never prints server text as a kind), a severity, and the line. Every line goes through
 * the webhook's mask on its way to the {@link StatusThrottle}, so no caller can leak the key or token.
 */
@FunctionalInterface
interface Reports {

    void report(String kind, Severity severity, String message);

    /** Reports to {@code status}, each line masked by {@code wording} first. */
    static Reports masked(StatusThrottle status, StatusWording wording) {
        return (kind, severity, message) -> status.report(kind, severity, wording.mask(message));
    }
}
