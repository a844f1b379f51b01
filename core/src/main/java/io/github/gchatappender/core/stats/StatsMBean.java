package io.github.gchatappender.core.stats;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers an appender's counters as {@code io.github.gchatappender:type=GoogleChatAppender,name=<name>}
 * while it runs.
 *
 * <p>The newest appender of a name wins: during a Log4j2 reconfiguration the new appender starts
 * before the old one stops, so registering replaces the old registration, and closing the old one
 * later leaves the new one in place. Registration can still fail (a locked-down MBean server); the
 * appender then runs without its MBean and the caller reports why.
 */
public final class StatsMBean implements AutoCloseable {

    private static final Map<ObjectName, GoogleChatAppenderMXBean> OWNERS = new ConcurrentHashMap<>();

    private final ObjectName name;
    private final GoogleChatAppenderMXBean counters;

    private StatsMBean(ObjectName name, GoogleChatAppenderMXBean counters) {
        this.name = name;
        this.counters = counters;
    }

    /** The name an appender's MBean is registered under. */
    public static ObjectName objectName(String appenderName) throws JMException {
        return new ObjectName("io.github.gchatappender:type=GoogleChatAppender,name=" + quoteIfNeeded(appenderName));
    }

    /** @throws JMException when the MBean cannot be registered */
    public static StatsMBean register(String appenderName, GoogleChatAppenderMXBean counters) throws JMException {
        ObjectName name = objectName(appenderName);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            if (server.isRegistered(name)) {
                unregister(server, name);
            }
            server.registerMBean(counters, name);
            OWNERS.put(name, counters);
        }
        return new StatsMBean(name, counters);
    }

    /** Unregisters the MBean if it is still this appender's. */
    @Override
    public void close() {
        synchronized (OWNERS) {
            if (OWNERS.remove(name, counters)) {
                unregister(ManagementFactory.getPlatformMBeanServer(), name);
            }
        }
    }

    private static void unregister(MBeanServer server, ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException alreadyGone) {
            // Someone else unregistered it: nothing left to release.
        } catch (JMException | RuntimeException e) {
            // A server that refuses keeps the stale registration; the counts stay readable in code.
        }
    }

    private static String quoteIfNeeded(String value) {
        for (char c : value.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value.isEmpty() ? ObjectName.quote(value) : value;
    }
}
