package io.github.gchatappender.spring;

import io.github.gchatappender.core.report.DeliveryStats;
import java.util.List;

/**
 * The counts of the Google Chat appenders that have had one name, added up so that a meter over them
 * never goes down, as a Micrometer function counter must not (a push registry would report a negative
 * step).
 *
 * <p>A Logback reconfiguration (a scan, or Boot's own) replaces the appender by a new one, which counts
 * from 0, and for a moment leaves none at all. So the counts of an appender replaced are carried over,
 * read when its successor is first seen (by then it is stopped, and its counts final); while no appender
 * has the name, the last one's counts stand. A counter that reads less than before without a new
 * appender (Log4j2 after a change of settings, whose new sender counts from 0) is treated as replaced
 * too: what it counted after the last read is then missing, but the meter still never goes down.
 * Pending is the latest appender's own, since it goes down as well as up.
 */
final class CumulativeCounts {

    private static final DeliveryStats NONE = new DeliveryStats(0, 0, 0, 0, 0, 0);

    private final String name;
    private DeliveryStats carried = NONE;
    private AttachedAppender current;
    private DeliveryStats lastRead = NONE;

    CumulativeCounts(String name) {
        this.name = name;
    }

    /**
     * The counts so far of every appender that had this name, reading the one of that name in {@code attached};
     * its pending is not to be read (see {@link #pending}). Synchronized, as {@link #pending} is: registries read
     * from their own threads, and a replacement must be carried over once.
     */
    synchronized DeliveryStats read(List<AttachedAppender> attached) {
        follow(attached);
        if (current == null) {
            return NONE;
        }
        DeliveryStats latest = current.stats();
        if (wentDown(latest, lastRead)) {
            carried = plus(carried, lastRead);
        }
        lastRead = latest;
        return plus(carried, latest);
    }

    /** Events pending in the latest appender of this name; 0 before there was one. */
    synchronized long pending(List<AttachedAppender> attached) {
        follow(attached);
        return current == null ? 0 : current.stats().getEventsPending();
    }

    /** Moves on to the appender of this name in {@code attached}, carrying over the counts of the one it replaced. */
    private void follow(List<AttachedAppender> attached) {
        AttachedAppender now = null;
        for (AttachedAppender appender : attached) {
            if (appender.name().equals(name)) {
                now = appender;
                break;
            }
        }
        if (now == null) {
            return;
        }
        if (current != null && !now.sameCounter(current)) {
            carried = plus(carried, current.stats());
            lastRead = NONE;
        }
        current = now;
    }

    private static boolean wentDown(DeliveryStats now, DeliveryStats before) {
        return now.getEventsAccepted() < before.getEventsAccepted()
                || now.getEventsDelivered() < before.getEventsDelivered()
                || now.getEventsDropped() < before.getEventsDropped()
                || now.getMessagesSent() < before.getMessagesSent()
                || now.getRequestsFailed() < before.getRequestsFailed()
                || now.getRequestsRetried() < before.getRequestsRetried();
    }

    private static DeliveryStats plus(DeliveryStats a, DeliveryStats b) {
        return new DeliveryStats(
                a.getEventsAccepted() + b.getEventsAccepted(),
                a.getEventsDelivered() + b.getEventsDelivered(),
                a.getEventsDropped() + b.getEventsDropped(),
                a.getMessagesSent() + b.getMessagesSent(),
                a.getRequestsFailed() + b.getRequestsFailed(),
                a.getRequestsRetried() + b.getRequestsRetried(),
                a.getEventsIgnored() + b.getEventsIgnored());
    }
}
