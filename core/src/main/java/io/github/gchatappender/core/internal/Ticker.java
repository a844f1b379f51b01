package io.github.gchatappender.core.internal;

/** A monotonic nanosecond clock; tests replace {@link #SYSTEM} to run in simulated time. */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
