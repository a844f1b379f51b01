package io.github.gchatappender.testkit;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

/** What an appender may leave behind in a JVM: threads and MBeans, counted by the lifecycle tests. */
public final class Leaks {

    /** The appender's own threads: dispatcher, HTTP workers, host name lookup. */
    public static final Predicate<String> APPENDER_THREAD = name -> name.startsWith("gchat-appender-");
    /** The JDK HTTP client's selector threads, which end only when the client is closed or collected. */
    public static final Predicate<String> SELECTOR_THREAD =
            name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");

    private Leaks() {}

    public static List<Thread> threads(Predicate<String> name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && name.test(t.getName()))
                .collect(Collectors.toList());
    }

    public static long liveThreads(Predicate<String> name) {
        return threads(name).size();
    }

    /**
     * Selector threads a stopped appender may leave: none on JDK 21 and later, which close the HTTP
     * client; before, the one client per transport settings that the JVM keeps for reuse.
     */
    public static final long KEPT_CLIENTS = Runtime.version().feature() >= 21 ? 0 : 1;

    /**
     * Waits up to 2 s, without a GC, until at most {@code before} JDK selector threads are alive,
     * plus the {@link #KEPT_CLIENTS client kept for reuse} where the JDK cannot close it.
     */
    public static void awaitSelectorThreadsBackTo(long before) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() ->
                        Assertions.assertThat(liveThreads(SELECTOR_THREAD)).isLessThanOrEqualTo(before + KEPT_CLIENTS));
    }

    /**
     * The appender's threads and the JDK HTTP client's selector threads, counted by role: the name
     * without its numbers ({@code gchat-appender-dispatcher-GOOGLE_CHAT-<n>}, {@code HttpClient-<n>-SelectorManager}).
     */
    public static Map<String, Long> threadsByRole() {
        return threads(APPENDER_THREAD.or(SELECTOR_THREAD)).stream()
                .collect(Collectors.groupingBy(
                        t -> t.getName().replaceAll("\\d+", "<n>"), TreeMap::new, Collectors.counting()));
    }

    public static Set<ObjectName> appenderMBeans() throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.github.gchatappender:type=GoogleChatAppender,*"), null);
    }
}
