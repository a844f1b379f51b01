package io.github.gchatappender.logback;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Reads Logback's throwable proxies for the core's snapshot. */
enum LogbackProxyReader implements ThrowableSnapshot.Reader<IThrowableProxy> {
    INSTANCE;

    @Override
    public String className(IThrowableProxy proxy) {
        return proxy.getClassName();
    }

    @Override
    public String message(IThrowableProxy proxy) {
        return proxy.getMessage();
    }

    @Override
    public StackTraceElement[] frames(IThrowableProxy proxy) {
        StackTraceElementProxy[] proxies = proxy.getStackTraceElementProxyArray();
        if (proxies == null) {
            return new StackTraceElement[0];
        }
        StackTraceElement[] frames = new StackTraceElement[proxies.length];
        for (int i = 0; i < proxies.length; i++) {
            frames[i] = proxies[i].getStackTraceElement();
        }
        return frames;
    }

    /** Logback counted them when it built the proxy; counting again costs a string comparison per frame. */
    @Override
    public int framesInCommonWithEnclosing(IThrowableProxy proxy) {
        return proxy.getCommonFrames();
    }

    /** Logback stands a "circular reference" proxy in for a repeated cause; the chain ends there instead. */
    @Override
    public IThrowableProxy cause(IThrowableProxy proxy) {
        IThrowableProxy cause = proxy.getCause();
        return cause == null || cause.isCyclic() ? null : cause;
    }

    @Override
    public List<IThrowableProxy> suppressed(IThrowableProxy proxy) {
        IThrowableProxy[] suppressed = proxy.getSuppressed();
        if (suppressed == null || suppressed.length == 0) {
            return List.of();
        }
        List<IThrowableProxy> acyclic = new ArrayList<>(suppressed.length);
        for (IThrowableProxy s : suppressed) {
            if (s != null && !s.isCyclic()) {
                acyclic.add(s);
            }
        }
        return acyclic;
    }
}
