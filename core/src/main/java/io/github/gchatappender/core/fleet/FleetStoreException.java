package io.github.gchatappender.core.fleet;

/**
 * A {@link FleetStore} did not answer in time, or refused: down, slow, or unreachable. Its message
 * names the store by its masked address, never with a password.
 */
public class FleetStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FleetStoreException(String message) {
        super(message);
    }

    public FleetStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
