package io.github.gchatappender.testkit;

import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** What an appender may leave behind in a JVM: threads and MBeans, counted by the lifecycle tests. */
public final class Leaks {

    /** The appender's own threads: dispatcher, HTTP workers, host name lookup. */
    public static final Predicate<String> APPENDER_THREAD = name -> name.startsWith("gchat-appender-");
    /** The JDK HTTP client's selector threads, which end only when the client is closed or collected. */
    public static final Predicate<String> SELECTOR_THREAD = name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");

    private Leaks() {
    }

    public static List<Thread> threads(Predicate<String> name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && name.test(t.getName()))
                .collect(Collectors.toList());
    }

    public static long liveThreads(Predicate<String> name) {
        return threads(name).size();
    }

    /**
     * Waits, collecting garbage, until at most {@code count} JDK selector threads are alive: before
     * JDK 21 a client's selector thread ends only once the client has been collected.
     */
    public static void awaitSelectorThreadsAtMost(long count) {
        long collecting = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            System.gc();
            Assertions.assertThat(liveThreads(SELECTOR_THREAD)).isLessThanOrEqualTo(count);
        });
        System.out.println("selector threads back to " + liveThreads(SELECTOR_THREAD) + " after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - collecting) + " ms of System.gc() polling");
    }

    public static Set<ObjectName> appenderMBeans() throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.github.gchatappender:type=GoogleChatAppender,*"), null);
    }
}
