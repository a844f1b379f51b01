package io.github.gchatappender.testkit;

/** The class that {@link LongNames#exceptionNamed} copies under another name. */
public class RenamedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RenamedException(String message) {
        super(message);
    }
}
