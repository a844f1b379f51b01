package io.github.gchatappender.core.internal.stats;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers an appender's counters as {@code io.github.gchatappender:type=GoogleChatAppender,name=<name>}
 * while it runs.
 *
 * <p>The newest appender of a name wins: during a Log4j2 reconfiguration the new appender starts
 * before the old one stops, so registering replaces the old registration. Closing unregisters only
 * the MBean this instance registered, recognised by its {@code InstanceId}, since the platform MBean
 * server is shared by every class loader (two web applications with the same appender name).
 * Registration can still fail (a locked-down MBean server); the appender then runs without its MBean
 * and the caller reports why.
 */
public final class StatsMBean implements AutoCloseable {

    private final ObjectName name;
    private final String instanceId;

    private StatsMBean(ObjectName name, String instanceId) {
        this.name = name;
        this.instanceId = instanceId;
    }

    /** The name an appender's MBean is registered under. */
    public static ObjectName objectName(String appenderName) throws JMException {
        return new ObjectName("io.github.gchatappender:type=GoogleChatAppender,name=" + quoteIfNeeded(appenderName));
    }

    /** @throws JMException when the MBean cannot be registered */
    public static synchronized StatsMBean register(String appenderName, DeliveryCounters counters) throws JMException {
        ObjectName name = objectName(appenderName);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            unregister(server, name);
        }
        server.registerMBean(counters, name);
        return new StatsMBean(name, counters.getInstanceId());
    }

    /** Unregisters the MBean if it is still this appender's. */
    @Override
    public void close() {
        synchronized (StatsMBean.class) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            try {
                if (instanceId.equals(server.getAttribute(name, "InstanceId"))) {
                    unregister(server, name);
                }
            } catch (JMException | RuntimeException replacedOrGone) {
                // Not ours any more, or already gone: nothing to release.
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
