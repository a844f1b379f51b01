package io.github.gchatappender.redis;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A stand-in for an exception of Lettuce, Netty or Bucket4j in a {@link
 * io.github.gchatappender.core.fleet.FleetStoreException}'s causes: the original's class name, its
 * message with the store's secrets replaced by {@code ****}, and its stack trace. The original is not
 * kept: Lettuce builds some messages from the URL it connects to, and a cause chain is printed whole by
 * whoever logs it.
 */
final class MaskedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private MaskedException(String message, MaskedException cause) {
        super(message, cause, false, false);
    }

    /** The stand-in for {@code original} and, down its chain of causes, for each of them. */
    static MaskedException of(Throwable original, Secrets secrets) {
        return of(original, secrets, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static MaskedException of(Throwable original, Secrets secrets, Set<Throwable> seen) {
        seen.add(original);
        Throwable cause = original.getCause();
        MaskedException maskedCause = cause == null || seen.contains(cause) ? null : of(cause, secrets, seen);
        String message = original.getMessage();
        MaskedException masked = new MaskedException(
                original.getClass().getName() + (message == null ? "" : ": " + secrets.mask(message)), maskedCause);
        masked.setStackTrace(original.getStackTrace());
        return masked;
    }

    /** Prints as the original would: its class name and its (masked) message. */
    @Override
    public String toString() {
        return getMessage();
    }
}
